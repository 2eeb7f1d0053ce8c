package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/audit"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/plan"
	"github.com/nmrf-platform/nmrf/internal/review"
	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/planpages"
)

const dateLayout = "2006-01-02"

func dateString(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(dateLayout)
}

// parseDate reads an optional date field; a value that is no date is a field error.
func parseDate(r *http.Request, name string, errs fault.Fields) *time.Time {
	v := strings.TrimSpace(r.PostForm.Get(name))
	if v == "" {
		return nil
	}
	t, err := time.Parse(dateLayout, v)
	if err != nil {
		errs[name] = "Form.DateInvalid"
		return nil
	}
	return &t
}

func (s *Server) plansView(r *http.Request, in plan.PlanInput, raw map[string]string, errs fault.Fields) (planpages.PlansView, error) {
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	b := base(r)
	plans, err := s.Plans.List(r.Context(), ws.Tenant.ID, u.ID)
	if err != nil {
		return planpages.PlansView{}, err
	}
	v := planpages.PlansView{Base: b, CanManage: account.Can(ws.Role, account.ManagePlan),
		Title: field("title", "Plans.Name", "text", in.Title, errs),
		Start: field("period_start", "Plans.Start", "date", raw["period_start"], errs),
		End:   field("period_end", "Plans.End", "date", raw["period_end"], errs),
	}
	v.Title.HintMsgID = "Plans.NameHint"
	v.Errors = summary("", v.Title, v.Start, v.End)
	for _, p := range plans {
		v.Plans = append(v.Plans, planpages.PlanRow{Href: b + "/plans/" + strconv.FormatInt(p.ID, 10), Title: p.Title,
			Period: p.PeriodStart.Format(dateLayout) + " – " + p.PeriodEnd.Format(dateLayout), StatusMsgID: "PlanStatus." + p.Status, Actions: p.Actions})
	}
	return v, nil
}

func (s *Server) plans(w http.ResponseWriter, r *http.Request) error {
	v, err := s.plansView(r, plan.PlanInput{}, nil, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, planpages.Plans(v))
	return nil
}

func (s *Server) createPlan(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	errs := fault.Fields{}
	in := plan.PlanInput{Title: r.PostForm.Get("title")}
	if d := parseDate(r, "period_start", errs); d != nil {
		in.PeriodStart = *d
	}
	if d := parseDate(r, "period_end", errs); d != nil {
		in.PeriodEnd = *d
	}
	var p plan.Plan
	err := errs.Err()
	if err == nil {
		p, err = s.Plans.Create(r.Context(), ws.Tenant.ID, u.ID, in)
	}
	if f, ok := formState(err); ok && err != nil {
		for k, msg := range errs {
			f[k] = msg
		}
		raw := map[string]string{"period_start": r.PostForm.Get("period_start"), "period_end": r.PostForm.Get("period_end")}
		v, err := s.plansView(r, in, raw, f)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusBadRequest, planpages.Plans(v))
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "Plans.Created")
	http.Redirect(w, r, base(r)+"/plans/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) planPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	ws := currentWorkspace(ctx)
	u, _ := currentUser(ctx)
	p, err := s.Plans.Get(ctx, ws.Tenant.ID, u.ID, id)
	if err != nil {
		return err
	}
	b := base(r)
	href := b + "/plans/" + strconv.FormatInt(p.ID, 10)
	v := planpages.PlanView{Base: b, Href: href, ID: p.ID, Title: p.Title, Status: p.Status, StatusMsgID: "PlanStatus." + p.Status,
		Period: p.PeriodStart.Format(dateLayout) + " – " + p.PeriodEnd.Format(dateLayout), Version: p.Version,
		CanManage: account.Can(ws.Role, account.ManagePlan)}
	v.Adopted = stateDay(r, p.AdoptedAt)
	var onlyEntity int64
	if ws.Role == account.RoleFocalPoint {
		onlyEntity = ws.EntityID
		if e, err := s.Entities.Get(ctx, ws.Tenant.ID, u.ID, ws.EntityID); err == nil {
			v.OnlyEntity = e.Label()
		}
		if onlyEntity == 0 {
			onlyEntity = -1 // a focal point without an entity sees no action
		}
	}
	actions, err := s.Plans.Actions(ctx, ws.Tenant.ID, u.ID, p.ID, onlyEntity)
	if err != nil {
		return err
	}
	v.Total = len(actions)
	index := map[string]int{}
	today := time.Now()
	for _, a := range actions {
		group := tr(r, "Rec.NoCluster")
		if len(a.Clusters) > 0 {
			group = a.Clusters[0]
		}
		i, ok := index[group]
		if !ok {
			i = len(v.Groups)
			index[group] = i
			v.Groups = append(v.Groups, planpages.ActionGroup{Name: group})
		}
		v.Groups[i].Actions = append(v.Groups[i].Actions, planpages.ActionRow{
			Href: b + "/actions/" + strconv.FormatInt(a.ID, 10), Title: a.Title, Lead: a.LeadEntity,
			StatusMsgID: "ActionStatus." + a.Status, Due: dateString(a.DueDate), Recommendations: len(a.Recommendations),
			Overdue: overdue(a, today),
		})
	}
	if v.CanManage {
		for _, st := range nextStatuses(p.Status) {
			v.NextStatuses = append(v.NextStatuses, components.Option{Value: st, Label: tr(r, "PlanStatus."+st)})
		}
		var entities []components.Option
		if err := s.targetOptions(r, &v.Clusters, &entities); err != nil {
			return err
		}
		v.NewAction = field("title", "Action.Title", "text", "", nil)
	}
	if v.History, err = s.history(r, audit.Plans, p.ID); err != nil {
		return err
	}
	if v.Review, err = s.reviewSection(r, review.Target{Kind: review.OnPlan, ID: p.ID}); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, planpages.Plan(v))
	return nil
}

func overdue(a plan.Action, today time.Time) bool {
	return a.DueDate != nil && a.DueDate.Before(today.Truncate(24*time.Hour)) &&
		a.Status != "fully_implemented" && a.Status != "not_implementable"
}

func nextStatuses(current string) []string {
	switch current {
	case plan.Draft:
		return []string{plan.Consultation, plan.Adopted}
	case plan.Consultation:
		return []string{plan.Draft, plan.Adopted}
	case plan.Adopted:
		return []string{plan.Closed}
	}
	return nil
}

func (s *Server) setPlanStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	if err := s.Plans.SetStatus(r.Context(), ws.Tenant.ID, u.ID, id, r.PostForm.Get("status"), version); err != nil {
		return err
	}
	s.flash(r, "Plan.StatusChanged")
	http.Redirect(w, r, base(r)+"/plans/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) planFromClusters(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	var clusters []int64
	for _, raw := range r.PostForm["cluster"] {
		c, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return fault.New(fault.Invalid, "Error.BadRequest")
		}
		clusters = append(clusters, c)
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	dest := base(r) + "/plans/" + strconv.FormatInt(id, 10)
	if len(clusters) == 0 {
		s.flash(r, "Plan.ChooseClusters")
		http.Redirect(w, r, dest, http.StatusSeeOther)
		return nil
	}
	n, err := s.Plans.FromClusters(r.Context(), ws.Tenant.ID, u.ID, id, clusters)
	if fault.FieldsOf(err) != nil {
		return fault.New(fault.Invalid, "Plan.ClusterInvalid")
	}
	if err != nil {
		return err
	}
	s.flashN(r, "Plan.ActionsAdded", n)
	http.Redirect(w, r, dest, http.StatusSeeOther)
	return nil
}

func (s *Server) createAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	if _, err := s.Plans.Get(r.Context(), ws.Tenant.ID, u.ID, id); err != nil {
		return err
	}
	aid, err := s.Plans.CreateAction(r.Context(), ws.Tenant.ID, u.ID, id, plan.ActionInput{Title: r.PostForm.Get("title")}, nil)
	if fault.FieldsOf(err) != nil {
		s.flash(r, "Action.TitleInvalid")
		http.Redirect(w, r, base(r)+"/plans/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"/actions/"+strconv.FormatInt(aid, 10), http.StatusSeeOther)
	return nil
}

func (s *Server) planChanges(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	p, err := s.Plans.Get(r.Context(), ws.Tenant.ID, u.ID, id)
	if err != nil {
		return err
	}
	diffs, err := s.Plans.Compare(r.Context(), ws.Tenant.ID, u.ID, id)
	if err != nil {
		return err
	}
	b := base(r)
	v := planpages.ChangesView{PlanHref: b + "/plans/" + strconv.FormatInt(id, 10), Title: p.Title, Adopted: stateDay(r, p.AdoptedAt)}
	for _, d := range diffs {
		c := planpages.Change{Title: d.Title, KindMsgID: "Plan.Change." + d.Kind}
		if d.Kind != "removed" {
			c.Href = b + "/actions/" + strconv.FormatInt(d.ActionID, 10)
		}
		var labels []string
		for _, f := range d.Fields {
			labels = append(labels, tr(r, "Plan.Field."+f))
		}
		c.Fields = strings.Join(labels, ", ")
		v.Changes = append(v.Changes, c)
	}
	s.render(w, r, http.StatusOK, planpages.Changes(v))
	return nil
}

// actionFor finds an action the person may see: a focal point only their entity's.
func (s *Server) actionFor(r *http.Request, id int64) (plan.Action, error) {
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	a, err := s.Plans.Action(r.Context(), ws.Tenant.ID, u.ID, id)
	if err != nil {
		return a, err
	}
	if ws.Role == account.RoleFocalPoint && !a.Involves(ws.EntityID) {
		return a, errNotFound
	}
	return a, nil
}

func (s *Server) actionView(r *http.Request, a plan.Action, in *plan.ActionInput, raw map[string]string, errs fault.Fields) (planpages.ActionView, error) {
	ctx := r.Context()
	ws := currentWorkspace(ctx)
	u, _ := currentUser(ctx)
	b := base(r)
	p, err := s.Plans.Get(ctx, ws.Tenant.ID, u.ID, a.PlanID)
	if err != nil {
		return planpages.ActionView{}, err
	}
	aid := strconv.FormatInt(a.ID, 10)
	v := planpages.ActionView{Base: b, PlanHref: b + "/plans/" + strconv.FormatInt(p.ID, 10), PlanTitle: p.Title, ID: a.ID,
		Title: a.Title, CanManage: account.Can(ws.Role, account.ManagePlan), Clusters: a.Clusters,
		MilestoneTitle: field("milestone_title", "Milestones.Name", "text", "", errs),
		MilestoneDue:   field("milestone_due", "Milestones.Due", "date", "", errs)}
	today := time.Now().Truncate(24 * time.Hour)
	for _, m := range a.Milestones {
		v.Milestones = append(v.Milestones, planpages.MilestoneRow{ID: m.ID, Title: m.Title, Due: m.Due, Done: m.Done,
			Overdue: !m.Done && m.Due.Before(today), Toggle: b + "/actions/" + aid + "/milestones/" + strconv.FormatInt(m.ID, 10)})
	}
	for _, rid := range a.Recommendations {
		v.Recommendations = append(v.Recommendations, planpages.Link{Name: "#" + strconv.FormatInt(rid, 10),
			Href: b + "/recommendations/" + strconv.FormatInt(rid, 10)})
	}
	if in == nil {
		in = &plan.ActionInput{Title: a.Title, Description: a.Description, Outcome: a.Outcome, LeadEntityID: a.LeadEntityID,
			Supporting: a.Supporting, StartDate: a.StartDate, DueDate: a.DueDate, BudgetAmount: a.BudgetAmount,
			BudgetCurrency: a.BudgetCurrency, FundingSource: a.FundingSource, Status: a.Status, StatusReason: a.StatusReason,
			GenderMarker: a.GenderMarker, GenderNote: a.GenderNote, CapacityGaps: a.CapacityGaps, Assistance: a.Assistance, Version: a.Version}
		raw = map[string]string{"start_date": dateString(a.StartDate), "due_date": dateString(a.DueDate)}
		if a.BudgetAmount != nil {
			raw["budget_amount"] = strconv.FormatFloat(*a.BudgetAmount, 'f', -1, 64)
		}
	}
	gender := ""
	if in.GenderMarker != nil {
		gender = strconv.Itoa(*in.GenderMarker)
	}
	f := planpages.ActionForm{
		Action: b + "/actions/" + aid, Version: in.Version,
		Title:        field("title", "Action.Title", "text", in.Title, errs),
		Description:  field("description", "Action.Description", "", in.Description, errs),
		Outcome:      field("outcome", "Action.Outcome", "", in.Outcome, errs),
		Lead:         field("lead_entity", "Recs.Col.Lead", "", idString(in.LeadEntityID), errs),
		Start:        field("start_date", "Action.Start", "date", raw["start_date"], errs),
		Due:          field("due_date", "Action.Due", "date", raw["due_date"], errs),
		Amount:       field("budget_amount", "Action.Budget", "text", raw["budget_amount"], errs),
		Currency:     field("budget_currency", "Action.Currency", "text", in.BudgetCurrency, errs),
		Funding:      field("funding_source", "Action.Funding", "text", in.FundingSource, errs),
		Status:       field("status", "Action.Status", "", in.Status, errs),
		StatusReason: field("status_reason", "Action.StatusReason", "text", in.StatusReason, errs),
		Gender:       field("gender_marker", "Recs.Filter.Gender", "", gender, errs),
		GenderNote:   field("gender_note", "Action.GenderNote", "text", in.GenderNote, errs),
		CapacityGaps: field("capacity_gaps", "Action.CapacityGaps", "", in.CapacityGaps, errs),
		SupportingOn: map[string]bool{}, AssistanceOn: map[string]bool{},
	}
	for _, fld := range []*components.Field{&f.Description, &f.Outcome, &f.Lead, &f.Start, &f.Due, &f.Amount, &f.Currency, &f.Funding,
		&f.StatusReason, &f.Gender, &f.GenderNote, &f.CapacityGaps} {
		fld.Required = false
	}
	f.Currency.HintMsgID = "Action.CurrencyHint"
	f.StatusReason.HintMsgID = "Action.StatusReasonHint"
	f.Entities = []components.Option{{Value: "", Label: "—"}}
	var clusters []components.Option
	if err := s.targetOptions(r, &clusters, &f.Entities); err != nil {
		return v, err
	}
	f.Supporting = f.Entities[1:]
	for _, id := range in.Supporting {
		f.SupportingOn[strconv.FormatInt(id, 10)] = true
	}
	for _, st := range plan.Statuses {
		f.Statuses = append(f.Statuses, components.Option{Value: st, Label: tr(r, "ActionStatus."+st)})
	}
	f.Genders = []components.Option{{Value: "", Label: tr(r, "Gender.none")}, {Value: "0", Label: tr(r, "Gender.0")},
		{Value: "1", Label: tr(r, "Gender.1")}, {Value: "2", Label: tr(r, "Gender.2")}}
	for _, k := range plan.Assistance {
		f.Assistance = append(f.Assistance, components.Option{Value: k, Label: tr(r, "Assistance."+k)})
	}
	for _, k := range in.Assistance {
		f.AssistanceOn[k] = true
	}
	f.Errors = summary("", f.Title, f.Start, f.Due, f.Amount, f.Currency, f.Status, f.StatusReason, f.Lead)
	v.Form = f
	if v.History, err = s.history(r, audit.Actions, a.ID); err != nil {
		return v, err
	}
	if v.Review, err = s.reviewSection(r, review.Target{Kind: review.OnAction, ID: a.ID}); err != nil {
		return v, err
	}
	v.Summary = []planpages.Fact{
		{LabelMsgID: "Recs.Col.Lead", Value: a.LeadEntity}, {LabelMsgID: "Action.Start", Value: dateString(a.StartDate)}, {LabelMsgID: "Action.Due", Value: dateString(a.DueDate)},
		{LabelMsgID: "Action.Status", Value: tr(r, "ActionStatus."+a.Status)}, {LabelMsgID: "Action.Outcome", Value: a.Outcome}, {LabelMsgID: "Action.Description", Value: a.Description},
	}
	return v, nil
}

func (s *Server) actionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.actionFor(r, id)
	if err != nil {
		return err
	}
	v, err := s.actionView(r, a, nil, nil, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, planpages.Action(v))
	return nil
}

func (s *Server) updateAction(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	a, err := s.actionFor(r, id)
	if err != nil {
		return err
	}
	errs := fault.Fields{}
	in := plan.ActionInput{
		Title: r.PostForm.Get("title"), Description: r.PostForm.Get("description"), Outcome: r.PostForm.Get("outcome"),
		BudgetCurrency: r.PostForm.Get("budget_currency"), FundingSource: r.PostForm.Get("funding_source"),
		Status: r.PostForm.Get("status"), StatusReason: r.PostForm.Get("status_reason"), GenderNote: r.PostForm.Get("gender_note"),
		CapacityGaps: r.PostForm.Get("capacity_gaps"), Assistance: r.PostForm["assistance"],
		StartDate: parseDate(r, "start_date", errs), DueDate: parseDate(r, "due_date", errs),
	}
	in.Version, _ = strconv.Atoi(r.PostForm.Get("version"))
	in.LeadEntityID, _ = strconv.ParseInt(r.PostForm.Get("lead_entity"), 10, 64)
	for _, raw := range r.PostForm["supporting"] {
		if e, err := strconv.ParseInt(raw, 10, 64); err == nil {
			in.Supporting = append(in.Supporting, e)
		}
	}
	if g := r.PostForm.Get("gender_marker"); g != "" {
		n, err := strconv.Atoi(g)
		if err != nil {
			errs["gender_marker"] = "Action.GenderInvalid"
		}
		in.GenderMarker = &n
	}
	if raw := strings.TrimSpace(r.PostForm.Get("budget_amount")); raw != "" {
		amount, err := strconv.ParseFloat(strings.ReplaceAll(raw, ",", ""), 64)
		if err != nil {
			errs["budget_amount"] = "Action.BudgetInvalid"
		} else {
			in.BudgetAmount = &amount
		}
	}
	err = errs.Err()
	if err == nil {
		err = s.Plans.UpdateAction(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), id, in)
	}
	raw := map[string]string{"start_date": r.PostForm.Get("start_date"), "due_date": r.PostForm.Get("due_date"), "budget_amount": r.PostForm.Get("budget_amount")}
	if fault.MessageOf(err) == "Action.Stale" {
		current, verr := s.actionFor(r, id)
		if verr != nil {
			return verr
		}
		v, verr := s.actionView(r, current, nil, nil, nil)
		if verr != nil {
			return verr
		}
		v.Form.Errors.MsgID = "Action.Stale"
		s.render(w, r, http.StatusConflict, planpages.Action(v))
		return nil
	}
	if f, ok := formState(err); ok && err != nil {
		for k, msg := range errs {
			f[k] = msg
		}
		v, verr := s.actionView(r, a, &in, raw, f)
		if verr != nil {
			return verr
		}
		s.render(w, r, http.StatusBadRequest, planpages.Action(v))
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "Action.Saved")
	http.Redirect(w, r, base(r)+"/actions/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

func currentUserID(r *http.Request) int64 {
	u, _ := currentUser(r.Context())
	return u.ID
}

func (s *Server) addMilestone(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	a, err := s.actionFor(r, id)
	if err != nil {
		return err
	}
	errs := fault.Fields{}
	due := parseDate(r, "milestone_due", errs)
	var d time.Time
	if due != nil {
		d = *due
	}
	err = s.Plans.AddMilestone(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), id, r.PostForm.Get("milestone_title"), d)
	if f, ok := formState(err); ok && err != nil {
		v, verr := s.actionView(r, a, nil, nil, f)
		if verr != nil {
			return verr
		}
		s.render(w, r, http.StatusBadRequest, planpages.Action(v))
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"/actions/"+strconv.FormatInt(id, 10)+"#milestones-title", http.StatusSeeOther)
	return nil
}

func (s *Server) toggleMilestone(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	mid, err := strconv.ParseInt(chi.URLParam(r, "mid"), 10, 64)
	if err != nil {
		return errNotFound
	}
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := s.actionFor(r, id); err != nil {
		return err
	}
	if err := s.Plans.SetMilestoneDone(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), id, mid, r.PostForm.Get("done") == "1"); err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"/actions/"+strconv.FormatInt(id, 10)+"#milestones-title", http.StatusSeeOther)
	return nil
}
