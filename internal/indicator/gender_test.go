package indicator_test

import (
	"reflect"
	"testing"

	"github.com/nmrf-platform/nmrf/internal/indicator"
)

func TestClustersWithoutSexData(t *testing.T) {
	t.Parallel()
	e := setup(t)
	bySex := e.create(t, e.a, validInput())
	total := validInput()
	total.Disaggregations = []string{"region"}
	notBySex := e.create(t, e.a, total)

	// Women's rights: one of its recommendations is answered by an action that a
	// sex-disaggregated indicator measures.
	answered, other := e.recommendation(t, e.a), e.recommendation(t, e.a)
	if err := e.store.LinkAction(e.ctx, e.a, 0, bySex.ID, e.action(t, e.a, answered)); err != nil {
		t.Fatal(err)
	}
	e.cluster(t, e.a, "Rights of women", 1, answered, other)

	// Justice: measured, but only by region.
	justice := e.recommendation(t, e.a)
	if err := e.store.LinkRecommendation(e.ctx, e.a, 0, notBySex.ID, justice); err != nil {
		t.Fatal(err)
	}
	justiceID := e.cluster(t, e.a, "Administration of justice", 2, justice)

	// Education: linked directly to the indicator by sex.
	school := e.recommendation(t, e.a)
	if err := e.store.LinkRecommendation(e.ctx, e.a, 0, bySex.ID, school); err != nil {
		t.Fatal(err)
	}
	e.cluster(t, e.a, "Education", 3, school)

	// Disability: not measured at all. An empty cluster has nothing to measure yet.
	disabilityID := e.cluster(t, e.a, "Persons with disabilities", 4, e.recommendation(t, e.a), e.recommendation(t, e.a))
	e.cluster(t, e.a, "New cluster", 5)
	// Another State's gaps are its own.
	e.cluster(t, e.b, "Elsewhere", 1, e.recommendation(t, e.b))

	got, err := e.store.ClustersWithoutSexData(e.ctx, e.a, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []indicator.ClusterGap{
		{ClusterID: justiceID, Name: "Administration of justice", Recommendations: 1, Indicators: 1},
		{ClusterID: disabilityID, Name: "Persons with disabilities", Recommendations: 2, Indicators: 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("gaps\n got %+v\nwant %+v", got, want)
	}
}
