package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/plan"
	"github.com/nmrf-platform/nmrf/internal/timeline"
	"github.com/nmrf-platform/nmrf/templates/components"
	"github.com/nmrf-platform/nmrf/templates/pages/planpages"
)

// timelineLabels are the timeline's words in the reader's language.
func timelineLabels(r *http.Request) timeline.Labels {
	return timeline.Labels{
		Title: tr(r, "Timeline.Title"), Overdue: tr(r, "Action.Overdue"), DueSoon: tr(r, "Timeline.DueSoon"),
		Today: tr(r, "Timeline.Today"), Due: tr(r, "Action.Due"), Done: tr(r, "Milestones.Done"),
		NotDone: tr(r, "Timeline.NotDone"), NoDates: tr(r, "Timeline.NoDates"), Empty: tr(r, "Timeline.Empty"),
		Separator: tr(r, "Timeline.Separator"),
		Month:     func(m time.Month) string { return tr(r, "Month."+strconv.Itoa(int(m))) },
		Date:      func(t time.Time) string { return t.Format(dateLayout) },
		Status:    func(s string) string { return tr(r, "ActionStatus."+s) },
	}
}

func (s *Server) timelinePage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.timelineView(r, id, plan.Deadline{}, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, planpages.Timeline(v))
	return nil
}

func (s *Server) timelineView(r *http.Request, planID int64, d plan.Deadline, errs fault.Fields) (planpages.TimelineView, error) {
	ctx := r.Context()
	ws := currentWorkspace(ctx)
	uid := currentUserID(r)
	p, err := s.Plans.Get(ctx, ws.Tenant.ID, uid, planID)
	if err != nil {
		return planpages.TimelineView{}, err
	}
	var only int64
	if ws.Role == account.RoleFocalPoint {
		only = ws.EntityID
		if only == 0 {
			only = -1
		}
	}
	actions, err := s.Plans.Actions(ctx, ws.Tenant.ID, uid, planID, only)
	if err != nil {
		return planpages.TimelineView{}, err
	}
	deadlines, err := s.Plans.Deadlines(ctx, ws.Tenant.ID, uid)
	if err != nil {
		return planpages.TimelineView{}, err
	}
	b := base(r)
	by := r.URL.Query().Get("by")
	if by != "entity" {
		by = "cluster"
	}
	var items []timeline.Item
	for _, a := range actions {
		group := a.LeadEntity
		if by == "cluster" {
			group = tr(r, "Rec.NoCluster")
			if len(a.Clusters) > 0 {
				group = a.Clusters[0]
			}
		} else if group == "" {
			group = tr(r, "Rec.NoLead")
		}
		item := timeline.Item{ID: a.ID, Group: group, Title: a.Title, Href: b + "/actions/" + strconv.FormatInt(a.ID, 10),
			Start: a.StartDate, Due: a.DueDate, Status: a.Status}
		for _, m := range a.Milestones {
			item.Milestones = append(item.Milestones, timeline.Milestone{Title: m.Title, Date: m.Due, Done: m.Done})
		}
		items = append(items, item)
	}
	var marks []timeline.Deadline
	for _, dl := range deadlines {
		marks = append(marks, timeline.Deadline{Title: dl.Title, Kind: dl.Kind, Date: dl.Due})
	}
	chart := timeline.Build(items, marks, timeline.Options{Today: time.Now(), Labels: timelineLabels(r), RTL: i18n.Lang(ctx).RTL})
	href := b + "/plans/" + strconv.FormatInt(p.ID, 10) + "/timeline"
	v := planpages.TimelineView{PlanHref: b + "/plans/" + strconv.FormatInt(p.ID, 10), PlanTitle: p.Title, Href: href, By: by,
		SVG: timeline.RenderSVG(chart), CanManage: account.Can(ws.Role, account.ManagePlan), CalendarHref: b + "/calendar",
		DeadlineTitle: field("deadline_title", "Deadlines.Name", "text", d.Title, errs),
		DeadlineKind:  field("deadline_kind", "Deadlines.Kind", "", d.Kind, errs),
		DeadlineDue:   field("deadline_due", "Deadlines.Date", "date", dateString(nonZero(d.Due)), errs)}
	for _, k := range plan.DeadlineKinds {
		v.DeadlineKinds = append(v.DeadlineKinds, components.Option{Value: k, Label: tr(r, "DeadlineKind."+k)})
	}
	v.Errors = summary("", v.DeadlineTitle, v.DeadlineKind, v.DeadlineDue)
	for _, row := range timeline.Table(chart) {
		tableRow := planpages.TimelineRow{Group: row.Group, Title: row.Title, Href: row.Href, Start: row.StartText, Due: row.DueText,
			StatusMsgID: "ActionStatus." + row.Status, GroupStart: row.GroupStart, Overdue: row.Overdue, DueSoon: row.DueSoon}
		for _, m := range row.Milestones {
			tableRow.Milestones = append(tableRow.Milestones, m.DateText+" "+m.Title)
		}
		v.Rows = append(v.Rows, tableRow)
	}
	for _, dl := range deadlines {
		v.Deadlines = append(v.Deadlines, planpages.DeadlineRow{Title: dl.Title, KindMsgID: "DeadlineKind." + dl.Kind,
			Date: dl.Due.Format(dateLayout), DeleteHref: b + "/deadlines/" + strconv.FormatInt(dl.ID, 10) + "/delete?plan=" + strconv.FormatInt(p.ID, 10)})
	}
	return v, nil
}

func nonZero(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (s *Server) addDeadline(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	errs := fault.Fields{}
	d := plan.Deadline{Title: r.PostForm.Get("deadline_title"), Kind: r.PostForm.Get("deadline_kind")}
	if due := parseDate(r, "deadline_due", errs); due != nil {
		d.Due = *due
	}
	err = errs.Err()
	if err == nil {
		err = s.Plans.AddDeadline(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), d)
	}
	if f, ok := formState(err); ok && err != nil {
		for k, m := range errs {
			f[k] = m
		}
		v, verr := s.timelineView(r, id, d, f)
		if verr != nil {
			return verr
		}
		s.render(w, r, http.StatusBadRequest, planpages.Timeline(v))
		return nil
	}
	if err != nil {
		return err
	}
	s.flash(r, "Deadlines.Added")
	http.Redirect(w, r, base(r)+"/plans/"+strconv.FormatInt(id, 10)+"/timeline", http.StatusSeeOther)
	return nil
}

func (s *Server) deleteDeadline(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.Plans.DeleteDeadline(r.Context(), currentWorkspace(r.Context()).Tenant.ID, currentUserID(r), id); err != nil {
		return err
	}
	dest := base(r) + "/plans"
	if p, err := strconv.ParseInt(r.URL.Query().Get("plan"), 10, 64); err == nil && p > 0 {
		dest += "/" + strconv.FormatInt(p, 10) + "/timeline"
	}
	http.Redirect(w, r, dest, http.StatusSeeOther)
	return nil
}
