package indicator_test

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/indicator"
)

func TestCreateGetUpdate(t *testing.T) {
	t.Parallel()
	e := setup(t)
	office := e.insert(t, e.a, `INSERT INTO entities (tenant_id, name, kind) VALUES ($1, 'National Statistics Office', 'specialised_body') RETURNING id`)
	in := validInput()
	in.SourceEntityID = office
	in.SDGIndicator = " 16.B.1 "
	in.Disaggregations = []string{"sex", "region", "sex", "ethnicity"} // a repeat is dropped; a State's own ground is kept
	created := e.create(t, e.a, in)

	got, err := e.store.Get(e.ctx, e.a, 0, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != in.Title || got.Type != "outcome" || got.Unit != "%" || got.Direction != "lower" ||
		*got.BaselineValue != 18.5 || !got.BaselineDate.Equal(date("2019-01-01")) ||
		*got.TargetValue != 10 || !got.TargetDate.Equal(date("2027-01-01")) ||
		got.DataSource != in.DataSource || got.SourceEntityID != office || got.SourceEntityName != "National Statistics Office" ||
		got.SDGIndicator != "16.b.1" || got.Version != 1 || got.Measurements != 0 {
		t.Errorf("got %+v", got)
	}
	if want := []string{"sex", "region", "ethnicity"}; !reflect.DeepEqual(got.Disaggregations, want) {
		t.Errorf("disaggregations %v, want %v", got.Disaggregations, want)
	}
	if !got.SexDisaggregated() {
		t.Error("an indicator broken down by sex reports SexDisaggregated() false")
	}

	// Two people open version 1; the first saves, the second is refused.
	first, second := validInput(), validInput()
	first.Version, second.Version = 1, 1
	first.Title, second.Title = "Saved first", "Saved second"
	first.BaselineValue, first.TargetDate = nil, nil
	first.Disaggregations = []string{"age_group"}
	if err := e.store.Update(e.ctx, e.a, 0, created.ID, first); err != nil {
		t.Fatalf("first save: %v", err)
	}
	wantKind(t, "second save on a stale version", e.store.Update(e.ctx, e.a, 0, created.ID, second), fault.Conflict, "Indicator.Stale")
	got, err = e.store.Get(e.ctx, e.a, 0, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Saved first" || got.Version != 2 || got.BaselineValue != nil || got.TargetDate != nil || got.SexDisaggregated() {
		t.Errorf("after the stale save: %+v, want the first save kept at version 2", got)
	}

	list, err := e.store.List(e.ctx, e.a, 0)
	if err != nil || len(list) != 1 || list[0].Title != "Saved first" {
		t.Errorf("List: %+v, %v", list, err)
	}
	wantKind(t, "update of an unknown indicator", e.store.Update(e.ctx, e.a, 0, created.ID+1000, first), fault.NotFound, "")
}

func TestValidationByField(t *testing.T) {
	t.Parallel()
	e := setup(t)
	foreign := e.insert(t, e.b, `INSERT INTO entities (tenant_id, name, kind) VALUES ($1, 'Ministry of Justice', 'ministry') RETURNING id`)
	cases := []struct {
		name   string
		change func(*indicator.Input)
		field  string
		msg    string
	}{
		{"no title", func(in *indicator.Input) { in.Title = "  " }, "title", "Indicator.TitleInvalid"},
		{"title too long", func(in *indicator.Input) { in.Title = strings.Repeat("é", 501) }, "title", "Indicator.TitleInvalid"},
		{"unknown type", func(in *indicator.Input) { in.Type = "result" }, "type", "Indicator.TypeInvalid"},
		{"unknown direction", func(in *indicator.Input) { in.Direction = "up" }, "direction", "Indicator.DirectionInvalid"},
		{"unit too long", func(in *indicator.Input) { in.Unit = strings.Repeat("u", 51) }, "unit", "Indicator.UnitInvalid"},
		{"baseline not a number", func(in *indicator.Input) { in.BaselineValue = ptr(math.NaN()) }, "baseline_value", "Indicator.BaselineInvalid"},
		{"infinite target", func(in *indicator.Input) { in.TargetValue = ptr(math.Inf(1)) }, "target_value", "Indicator.TargetInvalid"},
		{"target before baseline", func(in *indicator.Input) { in.TargetDate = ptr(date("2018-12-31")) }, "target_date", "Indicator.DatesOrder"},
		{"data source too long", func(in *indicator.Input) { in.DataSource = strings.Repeat("s", 501) }, "data_source", "Indicator.DataSourceInvalid"},
		{"ground in capitals", func(in *indicator.Input) { in.Disaggregations = []string{"Sex"} }, "disaggregations", "Indicator.DisaggregationInvalid"},
		{"ground of two words", func(in *indicator.Input) { in.Disaggregations = []string{"age group"} }, "disaggregations", "Indicator.DisaggregationInvalid"},
		{"ground named like a CSV column", func(in *indicator.Input) { in.Disaggregations = []string{"value"} }, "disaggregations", "Indicator.DisaggregationInvalid"},
		{"SDG target, not indicator", func(in *indicator.Input) { in.SDGIndicator = "5.2" }, "sdg_indicator", "Indicator.SDGInvalid"},
		{"SDG goal 18", func(in *indicator.Input) { in.SDGIndicator = "18.1.1" }, "sdg_indicator", "Indicator.SDGInvalid"},
		{"another State's entity", func(in *indicator.Input) { in.SourceEntityID = foreign }, "source_entity_id", "Indicator.SourceEntityInvalid"},
	}
	for _, c := range cases {
		in := validInput()
		c.change(&in)
		_, err := e.store.Create(e.ctx, e.a, 0, in)
		if got := fault.FieldsOf(err); len(got) != 1 || got[c.field] != c.msg {
			t.Errorf("%s: field errors %v (%v), want %s: %s", c.name, got, err, c.field, c.msg)
		}
	}
	// The same rules hold on update.
	ind := e.create(t, e.a, validInput())
	in := validInput()
	in.Version, in.Type = 1, "result"
	if got := fault.FieldsOf(e.store.Update(e.ctx, e.a, 0, ind.ID, in)); got["type"] != "Indicator.TypeInvalid" {
		t.Errorf("update with an unknown type: %v", got)
	}
	if list, _ := e.store.List(e.ctx, e.a, 0); len(list) != 1 || list[0].Version != 1 {
		t.Errorf("refused input was saved: %+v", list)
	}
}

func TestAnotherStatesIndicatorIsNotFound(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ind := e.create(t, e.a, validInput())
	in := validInput()
	in.Version = 1

	_, err := e.store.Get(e.ctx, e.b, 0, ind.ID)
	wantKind(t, "Get", err, fault.NotFound, "")
	wantKind(t, "Update", e.store.Update(e.ctx, e.b, 0, ind.ID, in), fault.NotFound, "")
	wantKind(t, "Delete", e.store.Delete(e.ctx, e.b, 0, ind.ID), fault.NotFound, "")
	_, err = e.store.Measurements(e.ctx, e.b, 0, ind.ID)
	wantKind(t, "Measurements", err, fault.NotFound, "")
	wantKind(t, "Record", e.store.Record(e.ctx, e.b, 0, ind.ID, indicator.Measurement{Period: date("2020-01-01"), Value: 1}), fault.NotFound, "")
	_, err = e.store.ImportCSV(e.ctx, e.b, 0, ind.ID, strings.NewReader("period,value\n2020,1\n"))
	wantKind(t, "ImportCSV", err, fault.NotFound, "")
	wantKind(t, "LinkRecommendation", e.store.LinkRecommendation(e.ctx, e.b, 0, ind.ID, e.recommendation(t, e.b)), fault.NotFound, "")
	if list, err := e.store.List(e.ctx, e.b, 0); err != nil || len(list) != 0 {
		t.Errorf("the other State lists %+v, %v", list, err)
	}
	if got, err := e.store.Get(e.ctx, e.a, 0, ind.ID); err != nil || got.Version != 1 || len(got.RecommendationIDs) != 0 {
		t.Errorf("the owner's indicator changed: %+v, %v", got, err)
	}
}

func TestLinks(t *testing.T) {
	t.Parallel()
	e := setup(t)
	ind := e.create(t, e.a, validInput())
	rec := e.recommendation(t, e.a)
	act := e.action(t, e.a, rec)
	foreignRec := e.recommendation(t, e.b)
	foreignAct := e.action(t, e.b, foreignRec)

	for range 2 { // linking twice is fine
		if err := e.store.LinkRecommendation(e.ctx, e.a, 0, ind.ID, rec); err != nil {
			t.Fatal(err)
		}
		if err := e.store.LinkAction(e.ctx, e.a, 0, ind.ID, act); err != nil {
			t.Fatal(err)
		}
	}
	wantKind(t, "link another State's recommendation", e.store.LinkRecommendation(e.ctx, e.a, 0, ind.ID, foreignRec), fault.NotFound, "")
	wantKind(t, "link another State's action", e.store.LinkAction(e.ctx, e.a, 0, ind.ID, foreignAct), fault.NotFound, "")
	wantKind(t, "link to an unknown indicator", e.store.LinkAction(e.ctx, e.a, 0, ind.ID+1000, act), fault.NotFound, "")

	got, err := e.store.Get(e.ctx, e.a, 0, ind.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.RecommendationIDs, []int64{rec}) || !slices.Equal(got.ActionIDs, []int64{act}) {
		t.Errorf("links: recommendations %v actions %v, want [%d] [%d]", got.RecommendationIDs, got.ActionIDs, rec, act)
	}

	if err := e.store.UnlinkRecommendation(e.ctx, e.a, 0, ind.ID, rec); err != nil {
		t.Fatal(err)
	}
	if err := e.store.UnlinkAction(e.ctx, e.a, 0, ind.ID, act); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.store.Get(e.ctx, e.a, 0, ind.ID); len(got.RecommendationIDs)+len(got.ActionIDs) != 0 {
		t.Errorf("after unlinking: %v %v", got.RecommendationIDs, got.ActionIDs)
	}
}

func TestDelete(t *testing.T) {
	t.Parallel()
	e := setup(t)
	plain := e.create(t, e.a, validInput())
	if err := e.store.Record(e.ctx, e.a, 0, plain.ID, indicator.Measurement{Period: date("2020-01-01"), Value: 3}); err != nil {
		t.Fatal(err)
	}
	if err := e.store.Delete(e.ctx, e.a, 0, plain.ID); err != nil {
		t.Fatalf("delete: %v", err)
	}
	_, err := e.store.Get(e.ctx, e.a, 0, plain.ID)
	wantKind(t, "Get after delete", err, fault.NotFound, "")

	reported := e.create(t, e.a, validInput())
	e.insert(t, e.a, `INSERT INTO progress_reports (tenant_id, indicator_id, period) VALUES ($1, $2, '2024') RETURNING id`, reported.ID)
	wantKind(t, "delete an indicator with a progress report", e.store.Delete(e.ctx, e.a, 0, reported.ID), fault.Conflict, "Indicator.HasReports")
}
