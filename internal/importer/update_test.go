package importer_test

import (
	"context"
	"testing"

	"github.com/nmrf-platform/nmrf/internal/importer/record"
)

// A changed source updates the recommendation in place: its lists (themes, affected
// persons, recommending States) become the new ones, empty lists stay empty, unknown
// values stay NULL, and importing the same again changes nothing.
func TestReimportUpdatesListsInPlace(t *testing.T) {
	t.Parallel()
	d, svc, st := setup(t)
	ctx := context.Background()
	rec := func(themes, persons []string, category int) record.Record {
		return record.Record{Row: 1, StateCode: "SVN", Mechanism: record.MechanismUPR, Body: "UPR",
			DocumentSymbol: "A/HRC/54/15", Paragraph: "123.4", Text: "Ratify the Optional Protocol to the Convention against Torture.",
			Type: record.TypeRecommendation, RecommendingStates: []string{"Brazil", "Chile"}, Position: record.PositionSupported,
			ActionCategory: category, Themes: themes, AffectedPersons: persons}
	}
	first, err := svc.RunRecords(ctx, st.ID, 0, st.Code, []record.Record{rec([]string{"Torture", "Detention"}, nil, 0)})
	if err != nil || first.New != 1 {
		t.Fatalf("first import: %+v, %v", first.Counts, err)
	}
	var id int64
	var themes, persons, recommending []string
	var category *int16
	var external *string
	inState(t, d, st.ID, `SELECT id, themes, affected_persons, recommending_states, action_category, external_id FROM recommendations`,
		&id, &themes, &persons, &recommending, &category, &external)
	if len(themes) != 2 || themes[1] != "Detention" || len(persons) != 0 || len(recommending) != 2 || category != nil || external != nil {
		t.Fatalf("stored themes %q persons %q recommending %q category %v external %v", themes, persons, recommending, category, external)
	}

	second, err := svc.RunRecords(ctx, st.ID, 0, st.Code, []record.Record{rec([]string{"Torture"}, []string{"persons deprived of their liberty"}, 4)})
	if err != nil || second.Updated != 1 || second.New != 0 {
		t.Fatalf("changed source: %+v, %v; want 1 updated", second.Counts, err)
	}
	var id2 int64
	var version int
	inState(t, d, st.ID, `SELECT id, themes, affected_persons, action_category, version FROM recommendations`, &id2, &themes, &persons, &category, &version)
	if id2 != id || len(themes) != 1 || len(persons) != 1 || persons[0] != "persons deprived of their liberty" || category == nil || *category != 4 || version != 2 {
		t.Errorf("after the update: id %d (was %d) themes %q persons %q category %v version %d", id2, id, themes, persons, category, version)
	}

	third, err := svc.RunRecords(ctx, st.ID, 0, st.Code, []record.Record{rec([]string{"Torture"}, []string{"persons deprived of their liberty"}, 4)})
	if err != nil || third.Unchanged != 1 || third.Updated != 0 {
		t.Errorf("same source again: %+v, %v; want 1 unchanged", third.Counts, err)
	}
}
