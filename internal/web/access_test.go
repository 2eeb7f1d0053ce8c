package web_test

import (
	"context"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
)

// who may call a route.
type access struct {
	public        bool           // anyone, signed in or not
	signedIn      bool           // any signed-in person
	platformAdmin bool           // platform operators only
	roles         []account.Role // members of the State with one of these roles
}

func roles(rs ...account.Role) access { return access{roles: rs} }

// expected is the access matrix: every route the router has must be listed here, so a
// new route cannot be added without deciding who may call it.
var expected = map[string]access{
	"GET /":                                 {public: true},
	"GET /healthz":                          {public: true},
	"GET /readyz":                           {public: true},
	"GET /static/*":                         {public: true},
	"POST /language":                        {public: true},
	"GET /login":                            {public: true},
	"POST /login":                           {public: true},
	"POST /logout":                          {public: true},
	"GET /invite/{token}":                   {public: true},
	"POST /invite/{token}":                  {public: true},
	"GET /password/forgot":                  {public: true},
	"POST /password/forgot":                 {public: true},
	"GET /password/reset/{token}":           {public: true},
	"POST /password/reset/{token}":          {public: true},
	"GET /states":                           {signedIn: true},
	"GET /admin/":                           {platformAdmin: true},
	"POST /admin/states":                    {platformAdmin: true},
	"GET /admin/states/{code}":              {platformAdmin: true},
	"POST /admin/states/{code}/invitations": {platformAdmin: true},
	"GET /admin/outbox":                     {platformAdmin: true},
	"GET /admin/vocabulary":                 {platformAdmin: true},
	"POST /admin/vocabulary":                {platformAdmin: true},
	"GET /admin/outbox/{id}":                {platformAdmin: true},
	"GET /s/{code}/":                        roles(account.Roles...),
	"GET /s/{code}/notifications":           roles(account.Roles...),
	"POST /s/{code}/notifications/read":     roles(account.Roles...),
	"GET /s/{code}/members":                 roles(account.RoleNMRFAdmin, account.RoleNMRFStaff),
	"POST /s/{code}/invitations":            roles(account.RoleNMRFAdmin),

	"GET /s/{code}/recommendations":                   roles(viewers...),
	"GET /s/{code}/recommendations/export":            roles(viewers...),
	"GET /s/{code}/recommendations/{id}":              roles(viewers...),
	"POST /s/{code}/recommendations/bulk":             roles(staff...),
	"POST /s/{code}/recommendations/{id}/related":     roles(staff...),
	"POST /s/{code}/recommendations/{id}/translation": roles(staff...),
	"POST /s/{code}/recommendations/{id}/status":      roles(staff...),
	"POST /s/{code}/views":                            roles(viewers...),
	"POST /s/{code}/views/{id}/delete":                roles(viewers...),
	"GET /s/{code}/clusters":                          roles(viewers...),
	"POST /s/{code}/clusters":                         roles(staff...),
	"GET /s/{code}/clusters/suggestions":              roles(staff...),
	"GET /s/{code}/clusters/{id}":                     roles(viewers...),
	"POST /s/{code}/clusters/{id}":                    roles(staff...),
	"POST /s/{code}/clusters/{id}/move":               roles(staff...),
	"POST /s/{code}/clusters/{id}/merge":              roles(staff...),
	"POST /s/{code}/clusters/{id}/delete":             roles(staff...),
	"GET /s/{code}/entities":                          roles(viewers...),
	"POST /s/{code}/entities":                         roles(staff...),
	"GET /s/{code}/plans":                             roles(viewers...),
	"POST /s/{code}/plans":                            roles(staff...),
	"GET /s/{code}/plans/{id}":                        roles(viewers...),
	"GET /s/{code}/plans/{id}/changes":                roles(viewers...),
	"POST /s/{code}/plans/{id}/status":                roles(staff...),
	"POST /s/{code}/plans/{id}/from-clusters":         roles(staff...),
	"POST /s/{code}/plans/{id}/actions":               roles(staff...),
	"GET /s/{code}/plans/{id}/timeline":               roles(viewers...),
	"POST /s/{code}/plans/{id}/timeline/deadlines":    roles(staff...),
	"POST /s/{code}/deadlines/{id}/delete":            roles(staff...),
	"GET /s/{code}/calendar":                          roles(viewers...),
	"POST /s/{code}/calendar":                         roles(viewers...),
	"POST /s/{code}/calendar/{id}/revoke":             roles(viewers...),
	"GET /calendar/{code}/{token}":                    {public: true},
	"GET /s/{code}/actions/{id}":                      roles(viewers...),
	"POST /s/{code}/actions/{id}":                     roles(staff...),
	"POST /s/{code}/actions/{id}/milestones":          roles(staff...),
	"POST /s/{code}/actions/{id}/milestones/{mid}":    roles(staff...),
	"GET /s/{code}/indicators":                        roles(viewers...),
	"POST /s/{code}/indicators":                       roles(staff...),
	"GET /s/{code}/indicators/{id}":                   roles(viewers...),
	"POST /s/{code}/indicators/{id}":                  roles(staff...),
	"POST /s/{code}/indicators/{id}/measurements":     roles(reporters...),
	"POST /s/{code}/indicators/{id}/measurements.csv": roles(reporters...),
	"GET /s/{code}/reports":                           roles(viewers...),
	"GET /s/{code}/reports/new":                       roles(reporters...),
	"POST /s/{code}/reports":                          roles(reporters...),
	"GET /s/{code}/reports/{id}":                      roles(viewers...),
	"POST /s/{code}/reports/{id}":                     roles(reporters...),
	"POST /s/{code}/reports/{id}/submit":              roles(reporters...),
	"POST /s/{code}/reports/{id}/return":              roles(staff...),
	"POST /s/{code}/reports/{id}/validate":            roles(staff...),
	"POST /s/{code}/reports/{id}/publish":             roles(staff...),
	"POST /s/{code}/reports/{id}/evidence":            roles(reporters...),
	"GET /s/{code}/evidence/{id}":                     roles(viewers...),
	"POST /s/{code}/evidence/{id}/delete":             roles(reporters...),
	"GET /s/{code}/imports":                           roles(staff...),
	"POST /s/{code}/imports":                          roles(staff...),
	"GET /s/{code}/imports/{id}":                      roles(staff...),
	"GET /s/{code}/imports/{id}/progress":             roles(staff...),
	"POST /s/{code}/imports/{id}/mapping":             roles(staff...),
	"POST /s/{code}/imports/{id}/confirm":             roles(staff...),
	"POST /s/{code}/imports/{id}/cancel":              roles(staff...),

	// The public portal and the open-data API (anyone; portal_test.go checks that only
	// published data shows), and publishing.
	"GET /p/{code}/":                                {public: true},
	"GET /p/{code}/recommendations":                 {public: true},
	"GET /p/{code}/recommendations/{id}":            {public: true},
	"GET /p/{code}/plan":                            {public: true},
	"GET /p/{code}/actions/{id}":                    {public: true},
	"GET /p/{code}/evidence/{id}":                   {public: true},
	"GET /p/{code}/indicators":                      {public: true},
	"GET /p/{code}/indicators/{id}":                 {public: true},
	"GET /p/{code}/consultations":                   {public: true}, // published consultation reports
	"GET /p/{code}/consultations/{id}":              {public: true},
	"GET /api/v1/states/{code}/recommendations":     {public: true},
	"GET /api/v1/states/{code}/recommendations.csv": {public: true},
	"GET /api/v1/states/{code}/clusters":            {public: true},
	"GET /api/v1/states/{code}/clusters.csv":        {public: true},
	"GET /api/v1/states/{code}/actions":             {public: true},
	"GET /api/v1/states/{code}/actions.csv":         {public: true},
	"GET /api/v1/states/{code}/indicators":          {public: true},
	"GET /api/v1/states/{code}/indicators.csv":      {public: true},
	// The open-data API's published consultation reports (apifilters).
	"GET /api/v1/states/{code}/consultations":     {public: true},
	"GET /api/v1/states/{code}/consultations.csv": {public: true},
	// The open-data API's OpenAPI description (openapi).
	"GET /api/v1/openapi.json":                    {public: true},
	"GET /s/{code}/publication":                   roles(account.RoleNMRFAdmin),
	"POST /s/{code}/publication":                  roles(account.RoleNMRFAdmin),
	"POST /s/{code}/recommendations/{id}/publish": roles(staff...),
	"POST /s/{code}/indicators/{id}/publish":      roles(staff...),
	// The NHRI's assessment, advisers' grants and review, technical assistance.
	"GET /adviser/assistance":                        {signedIn: true},
	"POST /s/{code}/recommendations/{id}/assessment": roles(account.RoleNHRI),
	"GET /s/{code}/advisers":                         roles(account.RoleNMRFAdmin),
	"POST /s/{code}/advisers":                        roles(account.RoleNMRFAdmin),
	"POST /s/{code}/advisers/{id}/revoke":            roles(account.RoleNMRFAdmin),
	"POST /s/{code}/review":                          roles(account.RoleAdviser),
	"POST /s/{code}/review/{id}/replies":             roles(account.RoleNMRFAdmin, account.RoleNMRFStaff, account.RoleAdviser),
	"POST /s/{code}/review/{id}/resolve":             roles(staff...),
	"GET /s/{code}/assistance":                       roles(account.RoleNMRFAdmin, account.RoleNMRFStaff, account.RoleAdviser),
	// Consultations: every member may be invited; the consultation decides who reads it.
	"GET /register/{code}":                       {public: true},
	"POST /register/{code}":                      {public: true},
	"GET /s/{code}/consultations":                roles(account.Roles...),
	"GET /s/{code}/consultations/new":            roles(staff...),
	"POST /s/{code}/consultations":               roles(staff...),
	"GET /s/{code}/consultations/{id}":           roles(account.Roles...),
	"POST /s/{code}/consultations/{id}/comments": roles(account.Roles...),
	"GET /s/{code}/consultations/{id}/report":    roles(account.Roles...),
	"POST /s/{code}/consultations/{id}/publish":  roles(staff...),
	"GET /s/{code}/comments/{id}/file":           roles(account.Roles...),
	"POST /s/{code}/comments/{id}/hide":          roles(staff...),
	"POST /s/{code}/comments/{id}/answer":        roles(staff...),
	"GET /s/{code}/organisations":                roles(staff...),
	"POST /s/{code}/organisations":               roles(staff...),
	"POST /s/{code}/registrations/{id}/approve":  roles(staff...),
	"POST /s/{code}/registrations/{id}/reject":   roles(staff...),

	// The State's settings (its time zone): the NMRF admin only.
	"GET /s/{code}/settings":  roles(account.RoleNMRFAdmin),
	"POST /s/{code}/settings": roles(account.RoleNMRFAdmin),
}

// The NMRF's own people, and everyone who may read the database of recommendations
// (civil society sees only what the State publishes).
var (
	staff     = []account.Role{account.RoleNMRFAdmin, account.RoleNMRFStaff}
	reporters = []account.Role{account.RoleNMRFAdmin, account.RoleNMRFStaff, account.RoleFocalPoint}
	viewers   = []account.Role{account.RoleNMRFAdmin, account.RoleNMRFStaff, account.RoleFocalPoint, account.RoleNHRI, account.RoleAdviser}
)

type persona struct {
	name          string
	email         string
	role          account.Role // in XAR
	platformAdmin bool
	outsider      bool // a member of another State only
}

func TestEveryRouteForEveryRole(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	xar := app.State(t, "XAR", "Arcadia", "en")
	xbo := app.State(t, "XBO", "Borealis", "en")
	// Adviser grant 1 is in another State, so the walk's POST /s/xar/advisers/1/revoke
	// cannot end the adviser persona's own access halfway through.
	app.User(t, "adviser@borealis.example", false, xbo.ID, account.RoleAdviser)
	personas := []persona{{name: "anonymous"}}
	for _, r := range account.Roles {
		p := persona{name: string(r), email: string(r) + "@arcadia.example", role: r}
		app.User(t, p.email, false, xar.ID, r)
		personas = append(personas, p)
	}
	app.User(t, "admin@borealis.example", false, xbo.ID, account.RoleNMRFAdmin)
	app.User(t, "root@example.org", true, 0, "")
	personas = append(personas,
		persona{name: "other State's NMRF admin", email: "admin@borealis.example", outsider: true},
		persona{name: "platform admin", email: "root@example.org", platformAdmin: true})

	// One email in the outbox, so /admin/outbox/1 exists.
	if err := app.Accounts.Invite(context.Background(), account.InviteInput{TenantID: xar.ID, TenantName: xar.Name,
		Email: "invitee@example.org", Name: "Invitee", Role: account.RoleNHRI, Language: "en"}); err != nil {
		t.Fatal(err)
	}

	var routes []string
	err := chi.Walk(app.Server.Routes(), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		routes = append(routes, method+" "+route)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(routes)
	seen := map[string]bool{}
	for _, rt := range routes {
		seen[rt] = true
		if _, ok := expected[rt]; !ok {
			t.Errorf("route %s has no entry in the access matrix; decide who may call it", rt)
		}
	}
	for rt := range expected {
		if !seen[rt] {
			t.Errorf("the access matrix lists %s, which the router does not have", rt)
		}
	}

	for _, p := range personas {
		c := app.Client(t)
		if p.email != "" {
			c.Login(p.email)
		}
		for _, rt := range routes {
			want := expected[rt]
			if want.public {
				continue
			}
			method, pattern, _ := strings.Cut(rt, " ")
			path := strings.NewReplacer("{code}", "xar", "{token}", "x", "{id}", "1", "{mid}", "1").Replace(pattern)
			if strings.Contains(pattern, "/admin/states/{code}") {
				path = strings.Replace(pattern, "{code}", "XAR", 1)
			}
			var r apptest.Response
			if method == http.MethodPost {
				r = c.Post(path, url.Values{})
			} else {
				r = c.Get(path)
			}
			check(t, p, rt, want, r)
		}
	}
}

func check(t *testing.T, p persona, rt string, want access, r apptest.Response) {
	t.Helper()
	toLogin := r.Status == http.StatusSeeOther && strings.HasPrefix(r.Location, "/login")
	if p.email == "" {
		if !toLogin {
			t.Errorf("%s %s: status %d, want a redirect to sign-in", p.name, rt, r.Status)
		}
		return
	}
	// A route about one record ({id}) may answer 404 to someone allowed: the record the
	// test names may not exist (or an earlier role deleted it). Refusal is 403.
	allowed := r.Status != http.StatusForbidden && !toLogin &&
		(r.Status != http.StatusNotFound || strings.Contains(rt, "{id}"))
	var wantStatus int // 0 means allowed
	switch {
	case want.signedIn:
	case want.platformAdmin:
		if !p.platformAdmin {
			wantStatus = http.StatusForbidden
		}
	default:
		switch {
		case p.outsider || p.platformAdmin:
			wantStatus = http.StatusNotFound // not a member: the State is invisible
		case !contains(want.roles, p.role):
			wantStatus = http.StatusForbidden
		}
	}
	if wantStatus == 0 && !allowed {
		t.Errorf("%s %s: status %d, want access", p.name, rt, r.Status)
	}
	if wantStatus != 0 && r.Status != wantStatus {
		t.Errorf("%s %s: status %d, want %d", p.name, rt, r.Status, wantStatus)
	}
}

func contains(rs []account.Role, r account.Role) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// A member of one State gets 404, never 403, for any URL of another State, so the
// platform does not even confirm which States use it; unknown codes look the same.
func TestOtherStatesAreInvisible(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	xar := app.State(t, "XAR", "Arcadia", "en")
	xbo := app.State(t, "XBO", "Borealis", "en")
	app.User(t, "a@arcadia.example", false, xar.ID, account.RoleNMRFAdmin)
	app.User(t, "b@borealis.example", false, xbo.ID, account.RoleNMRFAdmin)
	c := app.Client(t)
	c.Login("b@borealis.example")
	for _, path := range []string{"/s/xar/", "/s/xar/members", "/s/XAR/members", "/s/zzz/", "/s/xar/no-such-page"} {
		if r := c.Get(path); r.Status != http.StatusNotFound {
			t.Errorf("GET %s by another State's admin: status %d, want 404", path, r.Status)
		}
	}
	r := c.Post("/s/xar/invitations", url.Values{"email": {"spy@example.org"}, "name": {"Spy"}, "role": {"nmrf_admin"}, "language": {"en"}})
	if r.Status != http.StatusNotFound {
		t.Errorf("POST an invitation into another State: status %d, want 404", r.Status)
	}
	if own := c.Get("/s/xbo/members"); strings.Contains(own.Body, "a@arcadia.example") {
		t.Error("a State's member list shows a person of another State")
	}
}
