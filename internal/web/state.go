package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/dashboard"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/recommendation"
	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/state"
)

func (s *Server) stateHome(w http.ResponseWriter, r *http.Request) error {
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	v := state.HomeView{
		StateName:   ws.Tenant.Name,
		StateCode:   strings.ToLower(ws.Tenant.Code),
		RoleMsgID:   ws.Role.MessageID(),
		ShowMembers: account.Can(ws.Role, account.ViewMembers),
	}
	members, err := s.Accounts.Members(r.Context(), ws.Tenant.ID, u.ID)
	if err != nil {
		return err
	}
	v.Members = len(members)
	if v.ShowMembers {
		pending, err := s.Accounts.PendingInvitations(r.Context(), ws.Tenant.ID, u.ID)
		if err != nil {
			return err
		}
		v.Pending = len(pending)
	}
	if account.Can(ws.Role, account.ViewRecommendations) {
		v.ShowDatabase = true
		all, err := s.Recs.List(r.Context(), ws.Tenant.ID, u.ID, recommendation.Filter{Page: 1})
		if err != nil {
			return err
		}
		v.Recommendations = all.Total
		unclustered, err := s.Recs.List(r.Context(), ws.Tenant.ID, u.ID, recommendation.Filter{Page: 1, Unclustered: true})
		if err != nil {
			return err
		}
		v.Unclustered = unclustered.Total
		cs, err := s.Clusters.List(r.Context(), ws.Tenant.ID, u.ID)
		if err != nil {
			return err
		}
		v.Clusters = len(cs)
		es, err := s.Entities.List(r.Context(), ws.Tenant.ID, u.ID)
		if err != nil {
			return err
		}
		v.Entities = len(es)
	}
	if account.Can(ws.Role, account.ViewPlan) {
		v.ShowPlans = true
		ps, err := s.Plans.List(r.Context(), ws.Tenant.ID, u.ID)
		if err != nil {
			return err
		}
		v.Plans = len(ps)
	}
	if ws.Role == account.RoleFocalPoint {
		if err := s.focalPointWork(r, &v); err != nil {
			return err
		}
	} else if account.Can(ws.Role, account.ViewPlan) {
		d, err := s.dashboardView(r)
		if err != nil {
			return err
		}
		v.Dashboard = &d
	}
	s.render(w, r, http.StatusOK, state.Home(v))
	return nil
}

// focalPointWork lists what the focal point's entity leads or supports, overdue first.
func (s *Server) focalPointWork(r *http.Request, v *state.HomeView) error {
	ws := currentWorkspace(r.Context())
	v.ShowWork = true
	if ws.EntityID == 0 {
		return nil
	}
	e, err := s.Entities.Get(r.Context(), ws.Tenant.ID, currentUserID(r), ws.EntityID)
	if err != nil {
		return err
	}
	v.WorkOf = e.Label()
	today := time.Now()
	actions, err := s.Plans.EntityWork(r.Context(), ws.Tenant.ID, currentUserID(r), ws.EntityID, today)
	if err != nil {
		return err
	}
	b := base(r)
	for _, a := range actions {
		id := strconv.FormatInt(a.ID, 10)
		v.Work = append(v.Work, state.WorkRow{Title: a.Title, Href: b + "/actions/" + id, ReportHref: b + "/reports/new?action=" + id,
			Due: dateString(a.DueDate), StatusMsgID: "ActionStatus." + a.Status, Overdue: overdue(a, today)})
	}
	return nil
}

// dashboardView turns the dashboard's figures into bars and links to the lists behind them.
func (s *Server) dashboardView(r *http.Request) (state.Dashboard, error) {
	ws := currentWorkspace(r.Context())
	sum, err := s.Dashboard.Summarise(r.Context(), ws.Tenant.ID, currentUserID(r), time.Now())
	if err != nil {
		return state.Dashboard{}, err
	}
	b := base(r)
	list := func(key, value, status string) string {
		q := url.Values{}
		if key != "" {
			q.Set(key, value)
		}
		if status != "" {
			q.Set("status", status)
		}
		return b + "/recommendations?" + q.Encode()
	}
	d := state.Dashboard{Total: sum.Recommendations, OverdueCount: sum.OverdueCount, Awaiting: sum.Awaiting,
		OverdueHref: b + "/plans", AwaitingHref: b + "/reports"}
	for _, st := range dashboard.Statuses {
		seg := state.Segment{StatusMsgID: statusMsgID(st), Class: "seg-" + st, Count: sum.Totals[st], Href: list("", "", st)}
		d.Totals = append(d.Totals, seg)
		d.StatusKeys = append(d.StatusKeys, seg)
	}
	bars := func(rows []dashboard.Row, key string, label func(dashboard.Row) string) []state.Bar {
		var out []state.Bar
		for _, row := range rows {
			bar := state.Bar{Label: label(row), Href: list(key, row.Key, ""), Total: row.Total}
			for _, st := range dashboard.Statuses {
				bar.Segments = append(bar.Segments, state.Segment{StatusMsgID: statusMsgID(st), Class: "seg-" + st,
					Count: row.Counts[st], Href: list(key, row.Key, st)})
			}
			out = append(out, bar)
		}
		return out
	}
	name := func(row dashboard.Row) string { return row.Label }
	d.Charts = []state.Chart{
		{ID: "by-cluster", TitleMsgID: "Dash.ByCluster", Bars: bars(sum.ByCluster, "cluster", name)},
		{ID: "by-mechanism", TitleMsgID: "Dash.ByMechanism", Bars: bars(sum.ByMechanism, "mechanism", func(row dashboard.Row) string {
			return tr(r, mechanismMsgID(row.Key))
		})},
		{ID: "by-entity", TitleMsgID: "Dash.ByEntity", Bars: bars(sum.ByEntity, "entity", name)},
		{ID: "by-sdg", TitleMsgID: "Dash.BySDG", Bars: bars(sum.BySDG, "sdg", func(row dashboard.Row) string { return sdgLabel(row.Key) })},
	}
	for _, o := range sum.Overdue {
		d.Overdue = append(d.Overdue, state.OverdueRow{Title: o.Title, Href: b + "/actions/" + strconv.FormatInt(o.ID, 10), Lead: o.Lead, Due: o.Due})
	}
	for _, a := range sum.Recent {
		row := state.ActivityRow{At: a.At, Who: a.Who, WhatMsgID: "Dash.Table." + a.Table, ActionMsgID: "History." + a.Action}
		switch a.Table {
		case "recommendations":
			row.Href = b + "/recommendations/" + strconv.FormatInt(a.RowID, 10)
		case "actions":
			row.Href = b + "/actions/" + strconv.FormatInt(a.RowID, 10)
		case "clusters":
			row.Href = b + "/clusters/" + strconv.FormatInt(a.RowID, 10)
		case "progress_reports":
			row.Href = b + "/reports/" + strconv.FormatInt(a.RowID, 10)
		}
		if a.Action == "delete" {
			row.Href = ""
		}
		d.Recent = append(d.Recent, row)
	}
	return d, nil
}

// inviteForm builds the invitation form; withRole is false when the role is fixed
// (a platform admin invites a State's first NMRF admin).
func inviteFormView(r *http.Request, action string, in account.InviteInput, errs fault.Fields, withRole bool) state.InviteForm {
	f := state.InviteForm{
		Action: action,
		Email:  field("email", "Form.Email", "email", in.Email, errs),
		Name:   field("name", "Form.Name", "text", in.Name, errs),
		Role:   field("role", "Form.Role", "", string(in.Role), errs),
		Entity: field("entity", "Form.Entity", "", idString(in.EntityID), errs),
		// Civil-society members: the organisation they speak for (members page only).
		Organisation: field("organisation", "Org.InviteField", "", idString(in.OrganisationID), errs),
		Language:     field("language", "Form.InvitationLanguage", "", in.Language, errs),
		Langs:        languageOptions(),
	}
	f.Email.Autocomplete, f.Name.Autocomplete = "off", "off"
	f.Entity.Required = false
	f.Entity.HintMsgID = "Form.EntityHint"
	f.Organisation.Required = false
	f.Organisation.HintMsgID = "Org.InviteHint"
	if withRole {
		f.Roles = roleOptions(r)
		f.Errors = summary("", f.Email, f.Name, f.Role, f.Entity, f.Organisation, f.Language)
	} else {
		f.Errors = summary("", f.Email, f.Name, f.Language)
	}
	return f
}

func (s *Server) membersView(r *http.Request, in account.InviteInput, errs fault.Fields) (state.MembersView, error) {
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	code := strings.ToLower(ws.Tenant.Code)
	v := state.MembersView{StateCode: code, CanInvite: account.Can(ws.Role, account.ManageUsers)}
	members, err := s.Accounts.Members(r.Context(), ws.Tenant.ID, u.ID)
	if err != nil {
		return v, err
	}
	for _, m := range members {
		v.Members = append(v.Members, state.Member{Name: m.User.Name, Email: m.User.Email, RoleMsgID: m.Role.MessageID()})
	}
	pending, err := s.Accounts.PendingInvitations(r.Context(), ws.Tenant.ID, u.ID)
	if err != nil {
		return v, err
	}
	for _, p := range pending {
		v.Pending = append(v.Pending, state.Pending{Name: p.Name, Email: p.Email, RoleMsgID: p.Role.MessageID(), Organisation: p.Organisation,
			ExpiresAt: p.ExpiresAt, Expired: p.Expired})
	}
	if in.Language == "" {
		in.Language = i18n.Lang(r.Context()).Code
	}
	if in.Role == "" {
		in.Role = account.RoleFocalPoint
	}
	v.Invite = inviteFormView(r, "/s/"+code+"/invitations", in, errs, true)
	v.Invite.Entities = []components.Option{{Value: "", Label: "—"}}
	es, err := s.Entities.List(r.Context(), ws.Tenant.ID, u.ID)
	if err != nil {
		return v, err
	}
	for _, e := range es {
		v.Invite.Entities = append(v.Invite.Entities, components.Option{Value: strconv.FormatInt(e.ID, 10), Label: e.Label()})
	}
	orgs, err := s.Consultations.ApprovedOrganisations(r.Context(), ws.Tenant.ID)
	if err != nil {
		return v, err
	}
	v.Invite.Organisations = []components.Option{{Value: "", Label: "—"}}
	for _, o := range orgs {
		v.Invite.Organisations = append(v.Invite.Organisations, components.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	return v, nil
}

func (s *Server) members(w http.ResponseWriter, r *http.Request) error {
	v, err := s.membersView(r, account.InviteInput{}, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, state.Members(v))
	return nil
}

func (s *Server) invite(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ws := currentWorkspace(r.Context())
	u, _ := currentUser(r.Context())
	in := account.InviteInput{
		TenantID: ws.Tenant.ID, TenantName: ws.Tenant.Name,
		Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"),
		Role: account.Role(r.PostForm.Get("role")), Language: r.PostForm.Get("language"),
		InvitedBy: u.ID,
	}
	if e := r.PostForm.Get("entity"); e != "" {
		id, err := strconv.ParseInt(e, 10, 64)
		if err != nil {
			return fault.New(fault.Invalid, "Error.BadRequest")
		}
		in.EntityID = id
	}
	if o := r.PostForm.Get("organisation"); o != "" {
		id, err := strconv.ParseInt(o, 10, 64)
		if err != nil || id <= 0 {
			return fault.New(fault.Invalid, "Error.BadRequest")
		}
		in.OrganisationID = id
	}
	var err error
	if in.Role == account.RoleAdviser {
		// An adviser without a grant would see nothing: grants are made on the advisers page.
		err = fault.Fields{"role": "Grant.UseAdvisersPage"}.Err()
	} else {
		err = s.Accounts.Invite(r.Context(), in)
	}
	if errs, ok := formState(err); ok && err != nil {
		v, err := s.membersView(r, in, errs)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusBadRequest, state.Members(v))
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "Members.Invited")
	http.Redirect(w, r, "/s/"+strings.ToLower(ws.Tenant.Code)+"/members", http.StatusSeeOther)
	return nil
}
