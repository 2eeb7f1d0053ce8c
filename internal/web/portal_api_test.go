package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/consultation"
	"github.com/nmrf-platform/nmrf/internal/db"
)

// apiPage is a JSON page of the open-data API as a client reads it.
type apiPage[T any] struct {
	Data       []T     `json:"data"`
	Limit      int     `json:"limit"`
	NextCursor *string `json:"next_cursor"`
}

// apiErr is the API's error body.
type apiErr struct {
	Error struct {
		Status    int    `json:"status"`
		Code      string `json:"code"`
		Message   string `json:"message"`
		Parameter string `json:"parameter"`
	} `json:"error"`
}

// apiIDs follows next_cursor from path to the last page and returns the ids in the order
// they came and how many pages it took.
func apiIDs(t *testing.T, c *apptest.Client, path string) ([]int64, int) {
	t.Helper()
	var ids []int64
	pages := 0
	for next := path; next != ""; pages++ {
		if pages > 10 {
			t.Fatalf("%s: the cursor never ends", path)
		}
		r := c.Get(next)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", next, r.Status, r.Body)
		}
		var p apiPage[struct {
			ID int64 `json:"id"`
		}]
		if err := json.Unmarshal([]byte(r.Body), &p); err != nil {
			t.Fatalf("GET %s: %v", next, err)
		}
		for _, d := range p.Data {
			ids = append(ids, d.ID)
		}
		next = ""
		if p.NextCursor != nil {
			u, _ := url.Parse(path)
			q := u.Query()
			q.Set("cursor", *p.NextCursor)
			u.RawQuery = q.Encode()
			next = u.String()
		}
	}
	return ids, pages
}

// The API's recommendations take the portal list's filters and return exactly the
// published recommendations that match, page after page; a filter value that makes no
// sense is refused with a translated message naming the parameter.
func TestPortalAPIFiltersLikeThePortal(t *testing.T) {
	t.Parallel()
	w := newPortalWorld(t, apptest.Options{})
	w.publish(t)
	ctx := context.Background()
	// More recommendations on the same document, in this id order: published supported
	// ones (A, B, C) between a published noted one and an unpublished supported one, so a
	// filtered page must skip records to fill itself.
	var extraA, extraNoted, extraB, extraUnpublished, extraC int64
	err := db.InTenant(ctx, w.app.Pool, mustState(t, w.app, "XAR"), 0, func(tx pgx.Tx) error {
		for _, r := range []struct {
			id        *int64
			para      string
			position  string
			published bool
		}{
			{&extraA, "99.4", "supported", true}, {&extraNoted, "99.5", "noted", true}, {&extraB, "99.6", "supported", true},
			{&extraUnpublished, "99.7", "supported", false}, {&extraC, "99.8", "supported", true},
		} {
			if err := tx.QueryRow(ctx, `INSERT INTO recommendations (tenant_id, document_id, paragraph, text, position, themes, content_hash, source_hash, published_at)
				SELECT tenant_id, document_id, $2::text, 'Extra recommendation ' || $2::text, $3::text, '{torture}', $2::text, $2::text, CASE WHEN $4::boolean THEN now() END
				FROM recommendations WHERE id = $1 RETURNING id`, w.recPublic, r.para, r.position, r.published).Scan(r.id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c := w.app.Client(t)

	for _, tc := range []struct {
		query string
		want  []int64
	}{
		{"", []int64{w.recPublic, w.recNoted, extraA, extraNoted, extraB, extraC}},
		{"q=convention", []int64{w.recPublic}},
		{"q=prison", nil}, // only the unpublished recommendation says it
		{"position=noted", []int64{w.recNoted, extraNoted}},
		{"position=supported", []int64{w.recPublic, extraA, extraB, extraC}},
		{"status=in_progress", []int64{w.recPublic}}, // from the adopted plan's action
		{"status=fully_implemented", nil},            // only the draft plan's action says so
		{"theme=torture", []int64{w.recPublic, extraA, extraNoted, extraB, extraC}},
		{"theme=detention", nil},
		{"theme=torture&position=noted", []int64{extraNoted}},
		{"cluster=" + itoa(w.clusterPublic), []int64{w.recPublic}},
		{"position=noted&colour=blue&sort=newest&page=3", []int64{w.recNoted, extraNoted}},                   // unknown parameters are ignored
		{"unclustered=1&published=no", []int64{w.recPublic, w.recNoted, extraA, extraNoted, extraB, extraC}}, // so are the staff list's
	} {
		got, _ := apiIDs(t, c, "/api/v1/states/xar/recommendations?"+tc.query)
		if !slices.Equal(got, tc.want) {
			t.Errorf("?%s: ids %v, want %v", tc.query, got, tc.want)
		}
		// The CSV file holds the same records.
		r := c.Get("/api/v1/states/xar/recommendations.csv?" + tc.query)
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\ufeff"))).ReadAll()
		if r.Status != http.StatusOK || err != nil || len(rows) == 0 {
			t.Errorf("CSV ?%s: %d %v", tc.query, r.Status, err)
			continue
		}
		var csvIDs []int64
		for _, row := range rows[1:] {
			id, err := strconv.ParseInt(row[0], 10, 64)
			if err != nil {
				t.Fatalf("CSV ?%s: id %q", tc.query, row[0])
			}
			csvIDs = append(csvIDs, id)
		}
		if !slices.Equal(csvIDs, tc.want) {
			t.Errorf("CSV ?%s: ids %v, want %v", tc.query, csvIDs, tc.want)
		}
	}

	// Paging keeps to the filtered list: 4 supported in 2 pages of 2, none repeated.
	got, pages := apiIDs(t, c, "/api/v1/states/xar/recommendations?position=supported&limit=2")
	if want := []int64{w.recPublic, extraA, extraB, extraC}; !slices.Equal(got, want) || pages != 2 {
		t.Errorf("position=supported by 2: %v in %d pages, want %v in 2", got, pages, want)
	}
	got, pages = apiIDs(t, c, "/api/v1/states/xar/recommendations?theme=torture&limit=3")
	if want := []int64{w.recPublic, extraA, extraNoted, extraB, extraC}; !slices.Equal(got, want) || pages != 2 {
		t.Errorf("theme=torture by 3: %v in %d pages, want %v in 2", got, pages, want)
	}
	for _, path := range []string{"/api/v1/states/xar/recommendations?position=supported", "/api/v1/states/xar/recommendations.csv?theme=torture"} {
		if body := c.Get(path).Body; strings.Contains(body, mRecHidden) || strings.Contains(body, "99.7") {
			t.Errorf("%s shows an unpublished recommendation", path)
		}
	}

	// Bad values, in the reader's language, for the JSON list and the CSV file alike.
	for _, tc := range []struct {
		query, lang, param, want string
	}{
		{"position=maybe", "", "position", "The value of the parameter position is not one this list accepts"},
		{"status=done", "es", "status", "El valor del parámetro status no es uno de los que acepta esta lista"},
		{"q=torture&document=abc", "", "document", "parameter document"},
		{"sdg=health", "fr", "sdg", "La valeur du paramètre sdg"},
		{"mechanism=un", "ar", "mechanism", "قيمة المعلمة mechanism"},
		{"followup=yes", "", "followup", "parameter followup"},
		{"cycle=-4", "", "cycle", "parameter cycle"},
	} {
		for _, list := range []string{"recommendations", "recommendations.csv"} {
			c := w.app.Client(t)
			if tc.lang != "" {
				c.Header.Set("Accept-Language", tc.lang)
			}
			r := c.Get("/api/v1/states/xar/" + list + "?" + tc.query)
			var e apiErr
			if err := json.Unmarshal([]byte(r.Body), &e); err != nil || r.Status != http.StatusBadRequest {
				t.Errorf("%s?%s: %d %s", list, tc.query, r.Status, r.Body)
				continue
			}
			if e.Error.Code != "bad_parameter" || e.Error.Parameter != tc.param || !strings.Contains(e.Error.Message, tc.want) {
				t.Errorf("%s?%s: %+v, want parameter %s and a message with %q", list, tc.query, e.Error, tc.param, tc.want)
			}
		}
	}
}

// apiConsultation is the part of a consultation record the test reads.
type apiConsultation struct {
	ID           int64  `json:"id"`
	Title        string `json:"title"`
	Explanation  string `json:"explanation"`
	SubjectKind  string `json:"subject_kind"`
	SubjectTitle string `json:"subject_title"`
	OpensAt      string `json:"opens_at"`
	ClosesAt     string `json:"closes_at"`
	PublishedAt  string `json:"published_at"`
	Items        []struct {
		Kind     string       `json:"kind"`
		ID       *int64       `json:"id"`
		Title    string       `json:"title"`
		Comments []apiComment `json:"comments"`
	} `json:"items"`
}

type apiComment struct {
	ID           int64        `json:"id"`
	Organisation *string      `json:"organisation"`
	Role         string       `json:"role"`
	Body         string       `json:"body"`
	Hidden       bool         `json:"hidden"`
	HiddenReason string       `json:"hidden_reason"`
	Outcome      string       `json:"outcome"`
	Answer       string       `json:"answer"`
	Replies      []apiComment `json:"replies"`
}

// The API gives a published consultation report with its comments, replies and answers,
// as JSON and as CSV, and nothing else: not a report left unpublished, not an open
// consultation, not a State whose portal is off; never hidden text, files, names or
// emails.
func TestPortalAPIConsultationReports(t *testing.T) {
	t.Parallel()
	w := newReportWorld(t)
	app := w.app
	anon := app.Client(t)
	for _, p := range []string{"/api/v1/states/xar/consultations", "/api/v1/states/xar/consultations.csv",
		"/api/v1/states/xbr/consultations", "/api/v1/states/xbr/consultations.csv"} {
		if r := anon.Get(p); r.Status != http.StatusNotFound || !strings.Contains(r.Body, `"code":"not_found"`) {
			t.Errorf("GET %s with the portal off: %d, want 404", p, r.Status)
		}
	}
	admin := app.Client(t)
	admin.Login("admin@arcadia.example")
	if r := admin.Post("/s/xar/publication", url.Values{"version": {"0"}, "published": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("turn the portal on: %d\n%s", r.Status, r.Body)
	}

	r := anon.Get("/api/v1/states/xar/consultations")
	var page apiPage[apiConsultation]
	if err := json.Unmarshal([]byte(r.Body), &page); err != nil || r.Status != http.StatusOK {
		t.Fatalf("GET consultations: %d %v\n%s", r.Status, err, r.Body)
	}
	if len(page.Data) != 1 || page.NextCursor != nil {
		t.Fatalf("the API lists %d reports (next %v), want the one published", len(page.Data), page.NextCursor)
	}
	rep := page.Data[0]
	if rep.ID != w.published || rep.Title != "Plan "+mConsPublished || rep.Explanation != "Explanation of Plan "+mConsPublished ||
		rep.SubjectKind != "plan" || rep.OpensAt != "2030-05-01T09:00:00Z" || rep.ClosesAt != "2030-05-15T17:00:00Z" || rep.PublishedAt == "" {
		t.Errorf("the report's record: %+v", rep)
	}
	// Who said what on which item, and the answers.
	said := map[string]apiComment{}
	var walk func(item string, list []apiComment)
	walk = func(item string, list []apiComment) {
		for _, c := range list {
			said[item+": "+strings.Fields(c.Body + " hidden")[0]] = c
			walk(item, c.Replies)
		}
	}
	for _, it := range rep.Items {
		if (it.Kind == "whole") != (it.ID == nil) {
			t.Errorf("item %s %q has id %v", it.Kind, it.Title, it.ID)
		}
		walk(it.Kind, it.Comments)
	}
	if len(said) != 4 {
		t.Errorf("the report has %d comments and replies, want 4: %v", len(said), said)
	}
	if c := said["whole: Fund"]; c.Outcome != "partly" || !strings.Contains(c.Answer, mConsAnswer) || !strings.Contains(c.Body, mConsComment) ||
		c.Organisation == nil || *c.Organisation != "Rights Watch Arcadia" || c.Role != "civil_society" || len(c.Replies) != 1 ||
		!strings.Contains(c.Replies[0].Body, mConsReply) || c.Replies[0].Role != "nhri" {
		t.Errorf("the answered comment with its reply: %+v", c)
	}
	if c := said["cluster: Train"]; c.Outcome != "not_taken_into_account" || !strings.Contains(c.Answer, mConsNHRIAnswer) {
		t.Errorf("the comment on a cluster: %+v", c)
	}
	if c := said["whole: hidden"]; !c.Hidden || c.Body != "" || !strings.Contains(c.HiddenReason, mConsHideReason) {
		t.Errorf("the hidden comment: %+v", c)
	}

	csvResp := anon.Get("/api/v1/states/xar/consultations.csv")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvResp.Body, "\ufeff"))).ReadAll()
	if err != nil || csvResp.Status != http.StatusOK || !strings.HasPrefix(csvResp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("consultations.csv: %d %v", csvResp.Status, err)
	}
	if len(rows) != 5 || strings.Join(rows[0][:3], ",") != "consultation_id,consultation_title,subject_kind" {
		t.Fatalf("consultations.csv has %d rows (want a header and 4 comments); header %v", len(rows), rows[0])
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	first := itoa(said["whole: Fund"].ID)
	var replyParent string
	for _, row := range rows[1:] {
		if row[col["consultation_id"]] != itoa(w.published) {
			t.Errorf("a row of another consultation: %v", row)
		}
		if strings.Contains(row[col["body"]], mConsReply) {
			replyParent = row[col["parent_comment_id"]]
		}
	}
	if replyParent != first {
		t.Errorf("the reply's parent_comment_id is %q, want %s", replyParent, first)
	}

	// Nothing unpublished, hidden or personal, in either format.
	for path, body := range map[string]string{"json": r.Body, "csv": csvResp.Body} {
		for _, never := range []string{mConsHiddenText, mConsHiddenFile, mConsUnpublished, mConsOpen, mConsOtherState,
			"cso@rights.example", "nhri@arcadia.example", "staff@arcadia.example", "Test cso@", "Test nhri@", "Test staff@"} {
			if strings.Contains(body, never) {
				t.Errorf("the %s shows %q", path, never)
			}
		}
	}
	if r := anon.Get("/api/v1/states/xbr/consultations"); r.Status != http.StatusNotFound {
		t.Errorf("another State with its portal off: %d, want 404", r.Status)
	}

	// Once the second closed consultation's report is published, pages of one give both
	// in id order; the open consultation still shows nowhere.
	staff := consultation.Actor{UserID: userID(t, app, "staff@arcadia.example"), Role: account.RoleNMRFStaff}
	publishReport(t, app, w.st.ID, staff, w.unpublished)
	ids, pages := apiIDs(t, anon, "/api/v1/states/xar/consultations?limit=1")
	if want := []int64{w.published, w.unpublished}; !slices.Equal(ids, want) || pages != 2 {
		t.Errorf("consultations by 1: %v in %d pages, want %v in 2", ids, pages, want)
	}
	if body := anon.Get("/api/v1/states/xar/consultations.csv").Body; strings.Contains(body, mConsOpen) || !strings.Contains(body, mConsUnpublished) {
		t.Error("the CSV after the second report was published: wrong reports")
	}
}
