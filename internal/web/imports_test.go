package web_test

import (
	"archive/zip"
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/apptest"
)

// Bad files get a clear message on the import page and write nothing.
func TestBadImportFiles(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "XAR", "Arcadia", "fr")
	app.User(t, "staff@arcadia.example", false, st.ID, account.RoleNMRFStaff)
	c := app.Client(t)
	c.Login("staff@arcadia.example")

	var notDocx bytes.Buffer
	zw := zip.NewWriter(&notDocx)
	w, _ := zw.Create("hello.txt")
	w.Write([]byte("not a Word document"))
	zw.Close()

	cases := []struct {
		name, filename, format string
		data                   []byte
		want                   string // part of the French message
	}{
		{"empty", "empty.csv", "", nil, "vide"},
		{"binary as csv", "data.csv", "upr_info_csv", []byte("\x00\x01\x02\x03PK\x00\x00binary"), "CSV"},
		{"zip that is no docx", "matrix.docx", "", notDocx.Bytes(), "Word"},
		{"truncated json", "uhri.json", "", []byte(`[{"AnnotationId": "x", "Text": "Ratify`), "brusquement"},
		{"invalid utf-8 json", "uhri.json", "", []byte("[{\"Text\": \"caf\xe9\"}]"), "UTF-8"},
		{"unknown format", "notes.pdf", "", []byte("%PDF-1.4"), "format"},
	}
	for _, tc := range cases {
		fields := url.Values{}
		if tc.format != "" {
			fields.Set("format", tc.format)
		}
		r := c.Upload("/s/xar/imports", "file", tc.filename, tc.data, fields)
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `role="alert"`) || !strings.Contains(r.Body, tc.want) {
			t.Errorf("%s: status %d, want 400 with a French message containing %q", tc.name, r.Status, tc.want)
		}
	}
	var n int
	inState(t, app, st.ID, `SELECT (SELECT count(*) FROM recommendations) + (SELECT count(*) FROM imports)`, &n)
	if n != 0 {
		t.Errorf("bad files left %d rows behind", n)
	}
}

// A generic table goes through the column mapping, which is saved for the next file.
func TestGenericCSVWithMapping(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "XAR", "Arcadia", "en")
	app.User(t, "staff@arcadia.example", false, st.ID, account.RoleNMRFStaff)
	c := app.Client(t)
	c.Login("staff@arcadia.example")
	csv := "Body;Symbol;Para;Recommendation;Answer\n" +
		"UPR;A/HRC/39/12;118.1;Ratify the Optional Protocol to the Convention against Torture (Brazil);Supported\n" +
		"UPR;A/HRC/39/12;118.2;Adopt a national action plan on business and human rights (Norway);Noted\n"
	r := c.Upload("/s/xar/imports", "file", "ours.csv", []byte(csv), url.Values{"format": {"generic_csv"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("upload: %d\n%s", r.Status, r.Body)
	}
	page := c.Get(r.Location)
	if !strings.Contains(page.Body, "Which column holds what?") {
		t.Fatal("a generic file does not ask for its column mapping")
	}
	r2 := c.Post(r.Location+"/mapping", url.Values{"map_text": {"Recommendation"}, "map_body": {"Body"}, "map_document_symbol": {"Symbol"},
		"map_paragraph": {"Para"}, "map_position": {"Answer"}, "save_as": {"Our tracker"}})
	if r2.Status != http.StatusSeeOther {
		t.Fatalf("mapping: %d\n%s", r2.Status, r2.Body)
	}
	preview := c.Get(r.Location)
	if !strings.Contains(preview.Body, "<dt>New</dt><dd>2</dd>") {
		t.Fatalf("the preview after mapping does not announce 2 new recommendations")
	}
	c.Post(r.Location+"/confirm", nil)
	waitFor(t, c, r.Location, "Imported")
	if n := listCount(t, c.Get("/s/xar/recommendations?position=noted").Body); n != 1 {
		t.Errorf("noted: %d, want 1", n)
	}
	next := c.Upload("/s/xar/imports", "file", "ours.csv", []byte(csv), url.Values{"format": {"generic_csv"}})
	if !strings.Contains(c.Get(next.Location).Body, "Our tracker") {
		t.Error("the saved mapping is not offered for the next file")
	}
}

func waitFor(t *testing.T, c *apptest.Client, path, text string) {
	t.Helper()
	if r := waitImport(t, c, path); !strings.Contains(r.Body, text) {
		t.Fatalf("%s does not show %q", path, text)
	}
}

// A theme translated by a platform operator appears translated in every State's lists.
func TestThemeTranslations(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	st := app.State(t, "XAR", "Arcadia", "fr")
	app.User(t, "staff@arcadia.example", false, st.ID, account.RoleNMRFStaff)
	app.User(t, "root@example.org", true, 0, "")
	c := app.Client(t)
	c.Header.Set("Accept-Language", "en")
	c.Login("staff@arcadia.example")
	csv := "Symbol;Para;Recommendation;Themes\nCEDAW/C/XAR/CO/8;12;Adopt a law on violence against women.;Women's rights\n"
	up := c.Upload("/s/xar/imports", "file", "t.csv", []byte(csv), url.Values{"format": {"generic_csv"}})
	c.Post(up.Location+"/mapping", url.Values{"map_text": {"Recommendation"}, "map_document_symbol": {"Symbol"}, "map_paragraph": {"Para"}, "map_themes": {"Themes"}})
	c.Post(up.Location+"/confirm", nil)
	waitFor(t, c, up.Location, "Imported")

	root := app.Client(t)
	root.Login("root@example.org")
	if r := root.Get("/admin/vocabulary"); !strings.Contains(r.Body, "Women&#39;s rights") {
		t.Fatal("the imported theme is not offered for translation")
	}
	if r := root.Post("/admin/vocabulary", url.Values{"kind": {"theme"}, "name": {"Women's rights"}, "name_fr": {"Droits des femmes"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("translate: %d", r.Status)
	}
	if r := c.Post("/admin/vocabulary", url.Values{"kind": {"theme"}, "name": {"Women's rights"}, "name_fr": {"Vandalised"}}); r.Status != http.StatusForbidden {
		t.Errorf("a State's staff changed the shared vocabulary: %d", r.Status)
	}
	c.Post("/language", url.Values{"lang": {"fr"}})
	if r := c.Get("/s/xar/recommendations"); !strings.Contains(r.Body, "Droits des femmes") {
		t.Error("the French list does not show the translated theme")
	}
	c.Post("/language", url.Values{"lang": {"en"}})
	if r := c.Get("/s/xar/recommendations"); !strings.Contains(r.Body, "Women&#39;s rights") {
		t.Error("the English list lost the theme's own name")
	}
}
