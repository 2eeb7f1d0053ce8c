package web_test

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"github.com/nmrf-platform/nmrf/internal/apptest"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/portal"
)

// openAPIDoc fetches the API's description as a client does and decodes it.
func openAPIDoc(t *testing.T, c *apptest.Client) map[string]any {
	t.Helper()
	r := c.Get("/api/v1/openapi.json")
	if r.Status != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json: %d\n%s", r.Status, r.Body)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(r.Body), &doc); err != nil {
		t.Fatalf("the OpenAPI document is not JSON: %v", err)
	}
	return doc
}

// oaSpec is an OpenAPI document with its $refs followed.
type oaSpec struct {
	t   *testing.T
	doc map[string]any
}

// resolve follows a local $ref ("#/components/…") until it reaches a schema, parameter
// or response that is not one.
func (s oaSpec) resolve(node map[string]any) map[string]any {
	s.t.Helper()
	for range 10 {
		ref, ok := node["$ref"].(string)
		if !ok {
			return node
		}
		var cur any = s.doc
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			m, ok := cur.(map[string]any)
			if !ok {
				s.t.Fatalf("$ref %s does not resolve", ref)
			}
			cur = m[part]
		}
		next, ok := cur.(map[string]any)
		if !ok {
			s.t.Fatalf("$ref %s does not resolve", ref)
		}
		node = next
	}
	s.t.Fatalf("$ref loop at %v", node)
	return nil
}

// schemaOf is the schema of the JSON body of a path's GET answered with status.
func (s oaSpec) schemaOf(path, status string) map[string]any {
	s.t.Helper()
	op := s.operation(path)
	resp := s.resolve(dig(s.t, op, "responses", status))
	return s.resolve(dig(s.t, resp, "content", "application/json", "schema"))
}

func (s oaSpec) operation(path string) map[string]any {
	s.t.Helper()
	return dig(s.t, s.doc, "paths", path, "get")
}

// queryParams are the names of the query parameters a path's GET takes.
func (s oaSpec) queryParams(path string) []string {
	s.t.Helper()
	list, _ := s.operation(path)["parameters"].([]any)
	var names []string
	for _, p := range list {
		p := s.resolve(p.(map[string]any))
		if p["in"] == "query" {
			names = append(names, p["name"].(string))
		}
	}
	sort.Strings(names)
	return names
}

func dig(t *testing.T, m map[string]any, keys ...string) map[string]any {
	t.Helper()
	cur := m
	for _, k := range keys {
		next, ok := cur[k].(map[string]any)
		if !ok {
			t.Fatalf("the OpenAPI document has no %s", strings.Join(keys, " → "))
		}
		cur = next
	}
	return cur
}

// conform reports where the JSON value v (as encoding/json decodes it) differs from the
// schema: a field the schema does not describe, one it describes that the record lacks,
// a value of another JSON type. Objects are compared field by field, arrays by their
// elements.
func (s oaSpec) conform(at string, schema map[string]any, v any) []string {
	schema = s.resolve(schema)
	if branches, ok := schema["oneOf"].([]any); ok {
		out := []string{at + ": matches none of oneOf"}
		for _, b := range branches {
			problems := s.conform(at, b.(map[string]any), v)
			if len(problems) == 0 {
				return nil
			}
			out = append(out, problems...)
		}
		return out
	}
	if !typeAllows(schema["type"], v) {
		return []string{at + ": " + jsonKind(v) + " where the document says " + strings.TrimSpace(strings.Trim(jsonString(schema["type"]), "[]"))}
	}
	var out []string
	switch v := v.(type) {
	case map[string]any:
		props, ok := schema["properties"].(map[string]any)
		if !ok {
			return nil // a free map (translations, disaggregation)
		}
		for _, k := range slices.Sorted(maps.Keys(v)) {
			p, ok := props[k].(map[string]any)
			if !ok {
				out = append(out, at+"."+k+": returned but not in the document")
				continue
			}
			out = append(out, s.conform(at+"."+k, p, v[k])...)
		}
		required, _ := schema["required"].([]any)
		for _, k := range slices.Sorted(maps.Keys(props)) {
			if _, ok := v[k]; ok {
				continue
			}
			if slices.Contains(required, any(k)) {
				out = append(out, at+"."+k+": required by the document but not returned")
			} else {
				out = append(out, at+"."+k+": in the document but not returned")
			}
		}
	case []any:
		if items, ok := schema["items"].(map[string]any); ok {
			for i, e := range v {
				out = append(out, s.conform(at+"["+itoa(int64(i))+"]", items, e)...)
			}
		}
	}
	return out
}

// fields are the property names of an object schema, and whether they all are required.
func (s oaSpec) fields(schema map[string]any) (names []string, allRequired bool) {
	schema = s.resolve(schema)
	props, _ := schema["properties"].(map[string]any)
	names = slices.Sorted(maps.Keys(props))
	var req []string
	for _, r := range schema["required"].([]any) {
		req = append(req, r.(string))
	}
	sort.Strings(req)
	return names, slices.Equal(names, req)
}

func jsonKind(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		if v == float64(int64(v)) {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	default:
		return "object"
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func typeAllows(t any, v any) bool {
	var allowed []string
	switch t := t.(type) {
	case nil:
		return true
	case string:
		allowed = []string{t}
	case []any:
		for _, x := range t {
			allowed = append(allowed, x.(string))
		}
	}
	k := jsonKind(v)
	return slices.Contains(allowed, k) || (k == "integer" && slices.Contains(allowed, "number"))
}

// The API's description is served as cacheable JSON, is OpenAPI 3.1, and describes
// exactly the routes the router has, each with the query parameters its handler reads
// and every status the API answers with.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	t.Parallel()
	app := apptest.New(t, apptest.Options{})
	c := app.Client(t)
	r := c.Get("/api/v1/openapi.json")
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1/openapi.json: %d %q", r.Status, r.Header.Get("Content-Type"))
	}
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "public") || !strings.Contains(cc, "max-age=") {
		t.Errorf("the description is not cacheable: Cache-Control %q", cc)
	}
	etag := r.Header.Get("ETag")
	if etag == "" {
		t.Errorf("the description has no ETag")
	}
	req, err := http.NewRequest(http.MethodGet, app.URL+"/api/v1/openapi.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("If-None-Match", etag)
	if again := c.Do(req); again.Status != http.StatusNotModified {
		t.Errorf("GET with If-None-Match of the current ETag: %d, want 304", again.Status)
	}
	if r := c.Post("/api/v1/openapi.json", url.Values{}); r.Status != http.StatusMethodNotAllowed || !strings.Contains(r.Body, `"code":"method_not_allowed"`) {
		t.Errorf("POST /api/v1/openapi.json: %d %s, want the API's 405", r.Status, r.Body)
	}

	doc := openAPIDoc(t, c)
	spec := oaSpec{t: t, doc: doc}
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1.") {
		t.Errorf("openapi is %q, want 3.1.x", v)
	}
	servers, _ := doc["servers"].([]any)
	if len(servers) != 1 || servers[0].(map[string]any)["url"] != "/api/v1" {
		t.Fatalf("servers: %v, want the one /api/v1", servers)
	}

	// The router's API routes and the document's paths are the same set, all GET.
	var routed []string
	err = chi.Walk(app.Server.Routes(), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		if rest, ok := strings.CutPrefix(route, "/api/v1/"); ok {
			if method != http.MethodGet {
				t.Errorf("the router has %s %s; the API is GET only", method, route)
			}
			routed = append(routed, "/"+rest)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(routed)
	paths := dig(t, doc, "paths")
	documented := slices.Sorted(maps.Keys(paths))
	if !slices.Equal(routed, documented) {
		t.Errorf("the router's API routes and the document's paths differ:\nrouter:   %v\ndocument: %v", routed, documented)
	}
	if !slices.Contains(routed, "/states/{code}/recommendations") || !slices.Contains(routed, "/openapi.json") {
		t.Fatalf("the walk found no API routes: %v", routed)
	}
	for _, p := range documented {
		methods := slices.Sorted(maps.Keys(paths[p].(map[string]any)))
		if !slices.Equal(methods, []string{"get"}) && !slices.Equal(methods, []string{"get", "parameters"}) {
			t.Errorf("%s: operations %v, want only get", p, methods)
		}
	}

	filters := slices.Sorted(slices.Values(portal.FilterParams()))
	for _, p := range documented {
		if !strings.HasPrefix(p, "/states/{code}/") {
			continue
		}
		// {code} is described as a path parameter.
		params, _ := paths[p].(map[string]any)["parameters"].([]any)
		if len(params) != 1 || spec.resolve(params[0].(map[string]any))["name"] != "code" || spec.resolve(params[0].(map[string]any))["in"] != "path" {
			t.Errorf("%s: the path parameter code is not described", p)
		}
		// The query parameters are those the handler reads.
		var want []string
		csv := strings.HasSuffix(p, ".csv")
		if !csv {
			want = append(want, "cursor", "limit")
		}
		if strings.HasPrefix(p, "/states/{code}/recommendations") {
			want = append(want, filters...)
		}
		sort.Strings(want)
		if got := spec.queryParams(p); !slices.Equal(got, want) {
			t.Errorf("%s: query parameters %v, want %v", p, got, want)
		}
		// Every status the API answers with, JSON errors in the error object, the
		// files as text/csv.
		responses := dig(t, spec.operation(p), "responses")
		want = []string{"200", "404", "405", "429", "500", "503"}
		if !csv || strings.HasPrefix(p, "/states/{code}/recommendations") {
			want = append(want, "400")
		}
		sort.Strings(want)
		if got := slices.Sorted(maps.Keys(responses)); !slices.Equal(got, want) {
			t.Errorf("%s: statuses %v, want %v", p, got, want)
		}
		for _, st := range want {
			content := dig(t, spec.resolve(responses[st].(map[string]any)), "content")
			switch {
			case st == "200" && csv:
				if _, ok := content["text/csv"]; !ok {
					t.Errorf("%s 200 is not text/csv", p)
				}
			case st == "200":
				if names, _ := spec.fields(spec.schemaOf(p, st)); !slices.Equal(names, []string{"data", "limit", "next_cursor"}) {
					t.Errorf("%s 200: a page has %v", p, names)
				}
			default:
				if names, _ := spec.fields(spec.schemaOf(p, st)); !slices.Equal(names, []string{"error"}) {
					t.Errorf("%s %s is not the error object: %v", p, st, names)
				}
			}
		}
	}
}

// Each list's records, as the API returns them for published data, have exactly the
// fields the description gives, of its types, nested records too; so do its errors.
// The description cannot drift from the code.
func TestOpenAPIMatchesWhatTheAPIReturns(t *testing.T) {
	t.Parallel()
	w := newPortalWorld(t, apptest.Options{})
	w.publish(t)
	// The NHRI assessed the published recommendation and the State shows it, so the
	// nested assessment is compared too.
	err := db.InTenant(context.Background(), w.app.Pool, mustState(t, w.app, "XAR"), 0, func(tx pgx.Tx) error {
		_, err := tx.Exec(context.Background(), `INSERT INTO nhri_assessments (tenant_id, recommendation_id, status, comment)
			VALUES (app_tenant_id(), $1, 'in_progress', 'Slow')`, w.recPublic)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(w.admin.Get("/s/xar/publication").Body)
	if version == nil {
		t.Fatal("no version on the publication settings page")
	}
	if r := w.admin.Post("/s/xar/publication", url.Values{"version": {version[1]}, "published": {"1"}, "nhri_assessment": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("consent to show the NHRI's assessment: %d\n%s", r.Status, r.Body)
	}
	anon := w.app.Client(t)
	if r := anon.Get("/api/v1/states/xar/recommendations"); !strings.Contains(r.Body, `"nhri_assessment":{`) {
		t.Fatalf("no recommendation carries the NHRI's assessment to compare:\n%s", r.Body)
	}
	spec := oaSpec{t: t, doc: openAPIDoc(t, anon)}

	check := func(c *apptest.Client, path, list string) {
		t.Helper()
		r := c.Get("/api/v1" + strings.Replace(path, "{code}", "xar", 1))
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
		}
		var page map[string]any
		if err := json.Unmarshal([]byte(r.Body), &page); err != nil {
			t.Fatal(err)
		}
		if data, _ := page["data"].([]any); len(data) == 0 {
			t.Fatalf("GET %s: no %s to compare with the description", path, list)
		}
		schema := spec.schemaOf(path, "200")
		for _, problem := range spec.conform(list, schema, page) {
			t.Errorf("%s: %s", path, problem)
		}
		item := spec.resolve(dig(t, schema, "properties", "data", "items"))
		names, all := spec.fields(item)
		got := slices.Sorted(maps.Keys(page["data"].([]any)[0].(map[string]any)))
		if !slices.Equal(names, got) {
			t.Errorf("%s: the document's fields %v, the API's %v", path, names, got)
		}
		if !all {
			t.Errorf("%s: the API always sends every field, but the document does not require them all", path)
		}
	}
	check(anon, "/states/{code}/recommendations", "recommendations")
	check(anon, "/states/{code}/clusters", "clusters")
	check(anon, "/states/{code}/actions", "actions")
	check(anon, "/states/{code}/indicators", "indicators")

	// An indicator's values are in the comparison, not only the indicator.
	r := anon.Get("/api/v1/states/xar/indicators")
	var ind apiPage[struct {
		Measurements []map[string]any `json:"measurements"`
	}]
	if err := json.Unmarshal([]byte(r.Body), &ind); err != nil || len(ind.Data) == 0 || len(ind.Data[0].Measurements) == 0 {
		t.Fatalf("the published indicator has no values to compare: %v %s", err, r.Body)
	}

	// Errors: a refused filter (with parameter) and an unknown State.
	for path, status := range map[string]string{
		"/api/v1/states/xar/recommendations?position=maybe": "400",
		"/api/v1/states/xzz/recommendations":                "404",
	} {
		r := anon.Get(path)
		if itoa(int64(r.Status)) != status {
			t.Fatalf("GET %s: %d, want %s", path, r.Status, status)
		}
		var body any
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
			t.Fatal(err)
		}
		for _, problem := range spec.conform("error", spec.schemaOf("/states/{code}/recommendations", status), body) {
			// Only a refused filter names its parameter; the 400 proves the field.
			if status != "400" && problem == "error.error.parameter: in the document but not returned" {
				continue
			}
			t.Errorf("GET %s: %s", path, problem)
		}
	}

	// Consultation reports: comments, replies and answers.
	rw := newReportWorld(t)
	admin := rw.app.Client(t)
	admin.Login("admin@arcadia.example")
	if r := admin.Post("/s/xar/publication", url.Values{"version": {"0"}, "published": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("turn the portal on: %d\n%s", r.Status, r.Body)
	}
	check(rw.app.Client(t), "/states/{code}/consultations", "consultations")
}
