package web

import (
	"errors"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/audit"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/indicator"
	"github.com/nmrf-platform/nmrf/internal/review"
	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/indicators"
)

// codedValues are the values of grounds the interface names in the reader's language;
// other values show as the person wrote them.
var codedValues = map[string][]string{
	indicator.Sex: {"female", "male"},
	"urban_rural": {"urban", "rural"},
}

func groundLabel(r *http.Request, g string) string {
	if slices.Contains(indicator.Grounds, g) {
		return tr(r, "Indicator.Ground."+g)
	}
	return g
}

func groupLabel(r *http.Request, g, v string) string {
	if slices.Contains(codedValues[g], v) {
		return tr(r, "Indicator.Group."+g+"."+v)
	}
	return v
}

// chartLabels are the chart's and the table's words in the reader's language. A
// breakdown is named by its values in the order of the indicator's grounds.
func chartLabels(r *http.Request, ind indicator.Indicator) indicator.ChartLabels {
	return indicator.ChartLabels{
		Title: ind.Title, Description: tr(r, "Indicator.Chart.Description"),
		Baseline: tr(r, "Indicator.Chart.Baseline"), Target: tr(r, "Indicator.Chart.Target"),
		Total: tr(r, "Indicator.Chart.Total"), NoData: tr(r, "Indicator.Chart.NoData"),
		SeriesName: func(d map[string]string) string {
			grounds := slices.Clone(ind.Disaggregations)
			for _, g := range slices.Sorted(maps.Keys(d)) {
				if !slices.Contains(grounds, g) { // a ground the indicator no longer lists
					grounds = append(grounds, g)
				}
			}
			var parts []string
			for _, g := range grounds {
				if v, ok := d[g]; ok {
					parts = append(parts, groupLabel(r, g, v))
				}
			}
			return strings.Join(parts, ", ")
		},
	}
}

// mayEnter reports whether the person may record values of ind: staff for every
// indicator, a focal point for those their entity supplies.
func mayEnter(ws workspace, ind indicator.Indicator) bool {
	if !account.Can(ws.Role, account.EnterMeasurement) {
		return false
	}
	return ws.Role != account.RoleFocalPoint || (ws.EntityID != 0 && ws.EntityID == ind.SourceEntityID)
}

func indicatorHref(r *http.Request, id int64) string {
	return base(r) + "/indicators/" + strconv.FormatInt(id, 10)
}

func numberString(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// parseNumber reads an optional number field; one written otherwise is a field error.
func parseNumber(r *http.Request, name, msgID string, errs fault.Fields) *float64 {
	raw := strings.TrimSpace(r.PostForm.Get(name))
	if raw == "" {
		return nil
	}
	v, ok := indicator.ParseNumber(raw)
	if !ok {
		errs[name] = msgID
		return nil
	}
	return &v
}

// indicatorInput reads the indicator form. The State's own grounds are typed as words
// separated by commas; "Ethnic group" becomes ethnic_group, as a CSV header would.
func indicatorInput(r *http.Request, errs fault.Fields) indicator.Input {
	in := indicator.Input{Title: r.PostForm.Get("title"), Type: r.PostForm.Get("type"), Unit: r.PostForm.Get("unit"),
		Direction: r.PostForm.Get("direction"), DataSource: r.PostForm.Get("data_source"), SDGIndicator: r.PostForm.Get("sdg_indicator"),
		BaselineValue: parseNumber(r, "baseline_value", "Indicator.BaselineInvalid", errs), BaselineDate: parseDate(r, "baseline_date", errs),
		TargetValue: parseNumber(r, "target_value", "Indicator.TargetInvalid", errs), TargetDate: parseDate(r, "target_date", errs),
		Disaggregations: slices.Clone(r.PostForm["disaggregations"])}
	in.SourceEntityID, _ = strconv.ParseInt(r.PostForm.Get("source_entity_id"), 10, 64)
	in.Version, _ = strconv.Atoi(r.PostForm.Get("version"))
	for _, g := range strings.FieldsFunc(r.PostForm.Get("other_grounds"), func(c rune) bool { return c == ',' || c == ';' }) {
		if g = strings.Join(strings.Fields(strings.ToLower(g)), "_"); g != "" {
			in.Disaggregations = append(in.Disaggregations, g)
		}
	}
	return in
}

// indicatorRaw is what the person typed in the fields that are not kept as text.
func indicatorRaw(r *http.Request) map[string]string {
	raw := map[string]string{}
	for _, k := range []string{"baseline_value", "baseline_date", "target_value", "target_date", "other_grounds"} {
		raw[k] = r.PostForm.Get(k)
	}
	return raw
}

// savedInput is the form's content for a saved indicator.
func savedInput(ind indicator.Indicator) (indicator.Input, map[string]string) {
	in := indicator.Input{Title: ind.Title, Type: ind.Type, Unit: ind.Unit, Direction: ind.Direction, DataSource: ind.DataSource,
		SourceEntityID: ind.SourceEntityID, Disaggregations: ind.Disaggregations, SDGIndicator: ind.SDGIndicator, Version: ind.Version}
	var other []string
	for _, g := range ind.Disaggregations {
		if !slices.Contains(indicator.Grounds, g) {
			other = append(other, g)
		}
	}
	return in, map[string]string{"baseline_value": numberString(ind.BaselineValue), "baseline_date": dateString(ind.BaselineDate),
		"target_value": numberString(ind.TargetValue), "target_date": dateString(ind.TargetDate), "other_grounds": strings.Join(other, ", ")}
}

func (s *Server) indicatorForm(r *http.Request, action string, in indicator.Input, raw map[string]string, errs fault.Fields) (indicators.Form, error) {
	if in.Direction == "" {
		in.Direction = indicator.Directions[0]
	}
	f := indicators.Form{Action: action, Version: in.Version, SubmitMsgID: "Indicator.Save",
		Title:        field("title", "Indicator.Title", "text", in.Title, errs),
		Type:         field("type", "Indicator.Type", "", in.Type, errs),
		Unit:         field("unit", "Indicator.Unit", "text", in.Unit, errs),
		Direction:    field("direction", "Indicator.Direction", "", in.Direction, errs),
		Baseline:     field("baseline_value", "Indicator.Baseline", "text", raw["baseline_value"], errs),
		BaselineDate: field("baseline_date", "Indicator.BaselineDate", "date", raw["baseline_date"], errs),
		Target:       field("target_value", "Indicator.Target", "text", raw["target_value"], errs),
		TargetDate:   field("target_date", "Indicator.TargetDate", "date", raw["target_date"], errs),
		DataSource:   field("data_source", "Indicator.DataSource", "text", in.DataSource, errs),
		SourceEntity: field("source_entity_id", "Indicator.SourceEntity", "", idString(in.SourceEntityID), errs),
		Grounds:      field("disaggregations", "Indicator.Disaggregations", "", "", errs),
		OtherGrounds: field("other_grounds", "Indicator.OtherGrounds", "text", raw["other_grounds"], nil),
		SDG:          field("sdg_indicator", "Indicator.SDG", "text", in.SDGIndicator, errs),
		GroundsOn:    map[string]bool{},
	}
	if in.Version == 0 {
		f.SubmitMsgID = "Indicators.Create"
	}
	for _, fld := range []*components.Field{&f.Unit, &f.Direction, &f.Baseline, &f.BaselineDate, &f.Target, &f.TargetDate,
		&f.DataSource, &f.SourceEntity, &f.Grounds, &f.OtherGrounds, &f.SDG} {
		fld.Required = false
	}
	f.Unit.HintMsgID = "Indicator.UnitHint"
	f.Baseline.HintMsgID = "Indicator.NumberHint"
	f.Target.HintMsgID = "Indicator.NumberHint"
	f.OtherGrounds.HintMsgID = "Indicator.OtherGroundsHint"
	f.SDG.HintMsgID = "Indicator.SDGHint"
	f.Types = []components.Option{{Value: "", Label: "—"}}
	for _, t := range indicator.Types {
		f.Types = append(f.Types, components.Option{Value: t, Label: tr(r, "Indicator.Type."+t)})
	}
	for _, d := range indicator.Directions {
		f.Directions = append(f.Directions, components.Option{Value: d, Label: tr(r, "Indicator.Direction."+d)})
	}
	f.Entities = []components.Option{{Value: "", Label: "—"}}
	var clusters []components.Option
	if err := s.targetOptions(r, &clusters, &f.Entities); err != nil {
		return f, err
	}
	for _, g := range indicator.Grounds {
		f.GroundList = append(f.GroundList, components.Option{Value: g, Label: groundLabel(r, g)})
	}
	for _, g := range in.Disaggregations {
		f.GroundsOn[g] = true
	}
	f.Errors = summary("", f.Title, f.Type, f.Unit, f.Direction, f.SourceEntity, f.Baseline, f.BaselineDate, f.Target, f.TargetDate,
		f.DataSource, f.SDG, f.Grounds)
	return f, nil
}

// latestValues writes the latest period's values: the total when it has one, else
// every breakdown.
func latestValues(r *http.Request, ind indicator.Indicator, ms []indicator.Measurement) string {
	t := indicator.Table(ind, ms, chartLabels(r, ind))
	if len(t.Rows) == 0 {
		return ""
	}
	// The table puts the total first, when there is one.
	hasTotal := slices.ContainsFunc(ms, func(m indicator.Measurement) bool { return len(m.Disaggregation) == 0 })
	last := t.Rows[len(t.Rows)-1]
	var parts []string
	for i, c := range last.Cells {
		switch {
		case !c.Present:
		case hasTotal && i == 0:
			parts = []string{c.Text}
		case hasTotal && last.Cells[0].Present:
		default:
			parts = append(parts, t.Series[i]+" "+c.Text)
		}
	}
	return i18n.T(r.Context(), "Indicators.LatestValue", map[string]any{"Period": last.Label, "Values": strings.Join(parts, "; ")})
}

func (s *Server) indicatorsView(r *http.Request, in indicator.Input, raw map[string]string, errs fault.Fields) (indicators.ListView, error) {
	ctx := r.Context()
	ws := currentWorkspace(ctx)
	uid := currentUserID(r)
	b := base(r)
	v := indicators.ListView{Base: b, CanManage: account.Can(ws.Role, account.ManagePlan)}
	list, err := s.Indicators.List(ctx, ws.Tenant.ID, uid)
	if err != nil {
		return v, err
	}
	for _, ind := range list {
		row := indicators.Row{Href: indicatorHref(r, ind.ID), Title: ind.Title, TypeMsgID: "Indicator.Type." + ind.Type,
			Unit: ind.Unit, BySex: ind.SexDisaggregated()}
		if ind.Measurements > 0 {
			ms, err := s.Indicators.Measurements(ctx, ws.Tenant.ID, uid, ind.ID)
			if err != nil {
				return v, err
			}
			row.Latest = latestValues(r, ind, ms)
		}
		v.Rows = append(v.Rows, row)
	}
	gaps, err := s.Indicators.ClustersWithoutSexData(ctx, ws.Tenant.ID, uid)
	if err != nil {
		return v, err
	}
	for _, g := range gaps {
		v.Gaps = append(v.Gaps, indicators.Gap{Href: b + "/clusters/" + strconv.FormatInt(g.ClusterID, 10), Name: g.Name,
			Recommendations: g.Recommendations, Indicators: g.Indicators})
	}
	if v.CanManage {
		v.Form, err = s.indicatorForm(r, b+"/indicators", in, raw, errs)
	}
	return v, err
}

func (s *Server) indicators(w http.ResponseWriter, r *http.Request) error {
	v, err := s.indicatorsView(r, indicator.Input{}, nil, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, indicators.List(v))
	return nil
}

func (s *Server) createIndicator(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	errs := fault.Fields{}
	in := indicatorInput(r, errs)
	var ind indicator.Indicator
	err := errs.Err()
	if err == nil {
		ind, err = s.Indicators.Create(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), in)
	}
	if f, ok := formState(err); ok && err != nil {
		maps.Copy(f, errs)
		v, err := s.indicatorsView(r, in, indicatorRaw(r), f)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusBadRequest, indicators.List(v))
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "Indicators.Created")
	http.Redirect(w, r, indicatorHref(r, ind.ID), http.StatusSeeOther)
	return nil
}

// indicatorState is what one indicator's page shows again after a refused form.
type indicatorState struct {
	edit       *indicator.Input // nil: the saved indicator
	editRaw    map[string]string
	editErrs   fault.Fields
	editMsg    string
	record     map[string]string // the record form's fields as typed
	recordErrs fault.Fields
	importMsg  string
	imported   indicator.Result
}

func (s *Server) indicatorView(r *http.Request, ind indicator.Indicator, st indicatorState) (indicators.IndicatorView, error) {
	ctx := r.Context()
	ws := currentWorkspace(ctx)
	b := base(r)
	href := indicatorHref(r, ind.ID)
	v := indicators.IndicatorView{Base: b, Href: href, Title: ind.Title, CanManage: account.Can(ws.Role, account.ManagePlan),
		CanEnter: mayEnter(ws, ind)}
	v.NotYours = !v.CanEnter && account.Can(ws.Role, account.EnterMeasurement)
	v.EnteredBy = ind.SourceEntityName

	v.Facts = indicatorFacts(r, ind)
	v.Publication = components.Publication{Action: href + "/publish", Version: ind.Version, Published: ind.Published,
		CanManage: v.CanManage}
	for _, id := range ind.RecommendationIDs {
		v.Recommendations = append(v.Recommendations, indicators.Link{Name: "#" + strconv.FormatInt(id, 10),
			Href: b + "/recommendations/" + strconv.FormatInt(id, 10)})
	}
	for _, id := range ind.ActionIDs {
		v.Actions = append(v.Actions, indicators.Link{Name: "#" + strconv.FormatInt(id, 10), Href: b + "/actions/" + strconv.FormatInt(id, 10)})
	}

	ms, err := s.Indicators.Measurements(ctx, ws.Tenant.ID, currentUserID(r), ind.ID)
	if err != nil {
		return v, err
	}
	v.HasValues, v.Chart, v.Table, v.Measurements = indicatorValues(r, ind, ms)

	if v.CanEnter {
		v.Record = recordForm(r, href, ind, st.record, st.recordErrs)
		v.Import = indicators.ImportForm{Action: href + "/measurements.csv", ProblemMsg: st.importMsg,
			Header: strings.Join(append([]string{"period", "value", "source", "note"}, ind.Disaggregations...), ",")}
		if st.importMsg == "Indicator.Import.HasErrors" {
			v.Import.ProblemMsg = ""
			for _, e := range st.imported.Errors {
				p := indicators.RowProblem{Column: e.Column, MsgID: e.MessageID, Value: e.Value}
				if e.Row > 0 {
					p.Row = strconv.Itoa(e.Row)
				}
				v.Import.Problems = append(v.Import.Problems, p)
			}
			v.Import.Unlisted = st.imported.ErrorCount - len(st.imported.Errors)
		}
	}
	if v.CanManage {
		in, raw := savedInput(ind)
		if st.edit != nil {
			in, raw = *st.edit, st.editRaw
		}
		if v.Form, err = s.indicatorForm(r, href, in, raw, st.editErrs); err != nil {
			return v, err
		}
		v.Form.Errors.MsgID = st.editMsg
	}
	return v, nil
}

// recordForm has one field per ground of the indicator, named disaggregation.<ground>
// as the store names its problems.
func recordForm(r *http.Request, href string, ind indicator.Indicator, typed map[string]string, errs fault.Fields) indicators.RecordForm {
	f := indicators.RecordForm{Action: href + "/measurements",
		Period: field("period", "Indicator.Measurement.Period", "text", typed["period"], errs),
		Value:  field("value", "Indicator.Measurement.Value", "text", typed["value"], errs),
		Source: field("source", "Indicator.Measurement.Source", "text", typed["source"], errs),
		Note:   field("note", "Indicator.Measurement.Note", "text", typed["note"], errs),
	}
	f.Period.HintMsgID = "Indicator.Measurement.PeriodHint"
	f.Value.HintMsgID = "Indicator.NumberHint"
	f.Source.Required, f.Note.Required = false, false
	fields := []components.Field{f.Period, f.Value}
	for _, g := range ind.Disaggregations {
		name := "disaggregation." + g
		gf := indicators.GroundField{Field: field(name, "", "text", typed[name], errs)}
		gf.Field.Required = false
		// The label is the ground's name, not a message ID: a State's own ground has no translation.
		gf.Field.LabelMsgID = groundLabel(r, g)
		gf.Field.HintMsgID = "Indicator.Measurement.GroundHint"
		if values := codedValues[g]; values != nil {
			gf.Field.HintMsgID = ""
			gf.Options = []components.Option{{Value: "", Label: tr(r, "Indicator.Chart.Total")}}
			for _, val := range values {
				gf.Options = append(gf.Options, components.Option{Value: val, Label: groupLabel(r, g, val)})
			}
		}
		f.Grounds = append(f.Grounds, gf)
		fields = append(fields, gf.Field)
	}
	f.Errors = summary("", append(fields, f.Source, f.Note)...)
	return f
}

// indicatorFor loads the indicator of the request's path.
func (s *Server) indicatorFor(r *http.Request) (indicator.Indicator, error) {
	id, err := pathID(r)
	if err != nil {
		return indicator.Indicator{}, err
	}
	return s.Indicators.Get(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), id)
}

func (s *Server) renderIndicator(w http.ResponseWriter, r *http.Request, status int, ind indicator.Indicator, st indicatorState) error {
	v, err := s.indicatorView(r, ind, st)
	if err != nil {
		return err
	}
	if v.History, err = s.history(r, audit.Indicators, ind.ID); err != nil {
		return err
	}
	if v.Review, err = s.reviewSection(r, review.Target{Kind: review.OnIndicator, ID: ind.ID}); err != nil {
		return err
	}
	s.render(w, r, status, indicators.Indicator(v))
	return nil
}

func (s *Server) indicatorPage(w http.ResponseWriter, r *http.Request) error {
	ind, err := s.indicatorFor(r)
	if err != nil {
		return err
	}
	return s.renderIndicator(w, r, http.StatusOK, ind, indicatorState{})
}

func (s *Server) updateIndicator(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	errs := fault.Fields{}
	in := indicatorInput(r, errs)
	err = errs.Err()
	if err == nil {
		err = s.Indicators.Update(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), id, in)
	}
	if fault.MessageOf(err) == "Indicator.Stale" {
		// Someone saved first: show their version and say so; nothing is overwritten.
		current, err := s.indicatorFor(r)
		if err != nil {
			return err
		}
		return s.renderIndicator(w, r, http.StatusConflict, current, indicatorState{editMsg: "Indicator.Stale"})
	}
	if f, ok := formState(err); ok && err != nil {
		maps.Copy(f, errs)
		ind, err := s.indicatorFor(r)
		if err != nil {
			return err
		}
		return s.renderIndicator(w, r, http.StatusBadRequest, ind, indicatorState{edit: &in, editRaw: indicatorRaw(r), editErrs: f})
	}
	if err != nil {
		return err
	}
	s.flash(r, "Indicator.Saved")
	http.Redirect(w, r, indicatorHref(r, id), http.StatusSeeOther)
	return nil
}

// enterable loads the path's indicator for someone about to record its values.
func (s *Server) enterable(r *http.Request) (indicator.Indicator, error) {
	ind, err := s.indicatorFor(r)
	if err != nil {
		return ind, err
	}
	if !mayEnter(currentWorkspace(r.Context()), ind) {
		return ind, errForbidden
	}
	return ind, nil
}

func (s *Server) recordMeasurement(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ind, err := s.enterable(r)
	if err != nil {
		return err
	}
	typed := map[string]string{}
	for _, k := range []string{"period", "value", "source", "note"} {
		typed[k] = r.PostForm.Get(k)
	}
	errs := fault.Fields{}
	m := indicator.Measurement{Source: typed["source"], Note: typed["note"], Disaggregation: map[string]string{}}
	var ok bool
	if m.Period, ok = indicator.ParsePeriod(typed["period"]); !ok {
		errs["period"] = "Indicator.Measurement.PeriodInvalid"
	}
	if m.Value, ok = indicator.ParseNumber(typed["value"]); !ok {
		errs["value"] = "Indicator.Measurement.ValueInvalid"
	}
	for _, g := range ind.Disaggregations {
		name := "disaggregation." + g
		typed[name] = r.PostForm.Get(name)
		m.Disaggregation[g] = typed[name]
	}
	err = errs.Err()
	if err == nil {
		err = s.Indicators.Record(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), ind.ID, m)
	}
	if f, ok := formState(err); ok && err != nil {
		maps.Copy(f, errs)
		return s.renderIndicator(w, r, http.StatusBadRequest, ind, indicatorState{record: typed, recordErrs: f})
	}
	if err != nil {
		return err
	}
	s.flash(r, "Indicator.Recorded")
	http.Redirect(w, r, indicatorHref(r, ind.ID)+"#values-title", http.StatusSeeOther)
	return nil
}

// importMeasurements saves a CSV file of values, all or none: a refused file shows
// every problem with its row and column, and nothing is written.
func (s *Server) importMeasurements(w http.ResponseWriter, r *http.Request) error {
	ind, err := s.enterable(r)
	if err != nil {
		return err
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var maxErr *http.MaxBytesError
		if errors.As(err, &maxErr) {
			return fault.Wrap(fault.TooLarge, "Indicator.Import.TooLarge", err)
		}
		return fault.Wrap(fault.Invalid, "Error.BadRequest", err)
	}
	defer r.MultipartForm.RemoveAll()
	file, _, err := r.FormFile("file")
	if err != nil {
		return s.renderIndicator(w, r, http.StatusBadRequest, ind, indicatorState{importMsg: "Indicator.Import.NoFile"})
	}
	defer file.Close()
	res, err := s.Indicators.ImportCSV(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), ind.ID, file)
	if fault.KindOf(err) == fault.Invalid && fault.MessageOf(err) != "" {
		return s.renderIndicator(w, r, http.StatusBadRequest, ind, indicatorState{importMsg: fault.MessageOf(err), imported: res})
	}
	if err != nil {
		return err
	}
	s.flashN(r, "Indicator.Import.Saved", res.New+res.Updated)
	http.Redirect(w, r, indicatorHref(r, ind.ID)+"#values-title", http.StatusSeeOther)
	return nil
}

// indicatorFacts are an indicator's baseline, target, source and breakdowns in words,
// for the workspace's indicator page and the public portal's.
func indicatorFacts(r *http.Request, ind indicator.Indicator) []indicators.Fact {
	notSet := tr(r, "Indicator.NotSet")
	reference := func(val *float64, d string) string {
		if val == nil {
			return notSet
		}
		if d != "" {
			return numberString(val) + " (" + d + ")"
		}
		return numberString(val)
	}
	var grounds []string
	for _, g := range ind.Disaggregations {
		grounds = append(grounds, groundLabel(r, g))
	}
	orNotSet := func(s string) string {
		if s == "" {
			return notSet
		}
		return s
	}
	return []indicators.Fact{
		{LabelMsgID: "Indicator.Type", Value: tr(r, "Indicator.Type."+ind.Type)},
		{LabelMsgID: "Indicator.Unit", Value: orNotSet(ind.Unit)},
		{LabelMsgID: "Indicator.Direction", Value: tr(r, "Indicator.Direction."+ind.Direction)},
		{LabelMsgID: "Indicator.Baseline", Value: reference(ind.BaselineValue, dateString(ind.BaselineDate))},
		{LabelMsgID: "Indicator.Target", Value: reference(ind.TargetValue, dateString(ind.TargetDate))},
		{LabelMsgID: "Indicator.DataSource", Value: orNotSet(ind.DataSource)},
		{LabelMsgID: "Indicator.SourceEntity", Value: orNotSet(ind.SourceEntityName)},
		{LabelMsgID: "Indicator.Disaggregations", Value: orNotSet(strings.Join(grounds, ", "))},
		{LabelMsgID: "Indicator.SDG", Value: orNotSet(ind.SDGIndicator)},
	}
}

// indicatorValues are an indicator's chart (as SVG markup), the same values as a table,
// and every value with its source and note, for the workspace's page and the portal's.
func indicatorValues(r *http.Request, ind indicator.Indicator, ms []indicator.Measurement) (bool, string, indicators.ValueTable, []indicators.MeasurementRow) {
	if len(ms) == 0 {
		return false, "", indicators.ValueTable{}, nil
	}
	labels := chartLabels(r, ind)
	// RenderSVG escapes every text it writes (titles, labels, legend), so the markup
	// can go into the page as it is.
	chart := indicator.RenderSVG(indicator.Chart(ind, ms, labels))
	t := indicator.Table(ind, ms, labels)
	table := indicators.ValueTable{Unit: t.Unit, Series: t.Series}
	var rows []indicators.MeasurementRow
	for _, row := range t.Rows {
		vr := indicators.ValueRow{Period: row.Label}
		for i, c := range row.Cells {
			vr.Cells = append(vr.Cells, indicators.ValueCell{Present: c.Present, Text: c.Text})
			if c.Present {
				rows = append(rows, indicators.MeasurementRow{Period: row.Label, Breakdown: t.Series[i],
					Value: c.Text, Source: c.Source, Note: c.Note})
			}
		}
		table.Rows = append(table.Rows, vr)
	}
	return true, chart, table, rows
}
