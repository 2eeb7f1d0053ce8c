// Package recommendation owns the State's recommendations: finding them (filters,
// search, facets), reading one with everything about it, and acting on many at once.
package recommendation

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Filter is a view of the recommendations list. It lives in the URL so a view can be
// bookmarked and shared.
type Filter struct {
	Query       string // full-text search; "quoted phrases" allowed
	Mechanism   string
	Body        string
	DocumentID  int64
	Cycle       int
	Session     int
	Position    string // supported, noted, partially_supported, or "none"
	Type        string
	Theme       string
	Person      string // affected persons
	SDG         string // a goal ("5") or a target ("5.2")
	ClusterID   int64
	EntityID    int64
	Gender      string // "0", "1", "2", or "none" (not assessed)
	Status      string // implementation status (see the recommendation_status view), "none" for no action yet
	Published   string // on the public portal: "yes" (staff published it) or "no"
	FollowUp    bool
	Unclustered bool
	NoLead      bool
	// Disagree keeps recommendations the NHRI assessed differently from the government.
	Disagree bool
	Sort     string // source (default), newest, paragraph
	Page     int    // 1-based

	// Lang is the reader's language: a recommendation translated into it is listed in
	// it. Not part of the URL (each reader of a shared link gets their own).
	Lang string

	// PublishedOnly keeps the list to what the public may see (the public_* views of
	// migration 00013), and takes the implementation status from public actions only.
	// Set by the public portal, never read from the URL.
	PublishedOnly bool
}

// PageSize is how many recommendations a page of the list shows.
const PageSize = 50

var sdgPattern = regexp.MustCompile(`^\d{1,2}(\.(\d{1,2}|[a-z]))?$`)

// ParseFilter reads a filter from URL query values; values that make no sense are
// dropped rather than refused, so an edited URL still shows a list.
func ParseFilter(v url.Values) Filter {
	f := Filter{
		Query:     strings.TrimSpace(v.Get("q")),
		Mechanism: oneOf(v.Get("mechanism"), "upr", "treaty_body", "special_procedure", "regional"),
		Body:      strings.TrimSpace(v.Get("body")),
		Position:  oneOf(v.Get("position"), "supported", "noted", "partially_supported", "none"),
		Type:      oneOf(v.Get("type"), "recommendation", "concern", "pledge"),
		Theme:     strings.TrimSpace(v.Get("theme")),
		Person:    strings.TrimSpace(v.Get("person")),
		Gender:    oneOf(v.Get("gender"), "0", "1", "2", "none"),
		Status: oneOf(v.Get("status"), "not_started", "in_progress", "partially_implemented", "fully_implemented",
			"not_implementable", "none"),
		Published: oneOf(v.Get("published"), "yes", "no"),
		FollowUp:  v.Get("followup") == "1",
		Sort:      oneOf(v.Get("sort"), "source", "newest", "paragraph"),
	}
	if len(f.Query) > 500 {
		f.Query = f.Query[:500]
	}
	f.DocumentID = positiveInt64(v.Get("document"))
	f.ClusterID = positiveInt64(v.Get("cluster"))
	f.EntityID = positiveInt64(v.Get("entity"))
	f.Cycle = int(positiveInt64(v.Get("cycle")))
	f.Session = int(positiveInt64(v.Get("session")))
	if s := strings.TrimSpace(v.Get("sdg")); sdgPattern.MatchString(s) {
		f.SDG = s
	}
	f.Unclustered = v.Get("unclustered") == "1"
	f.NoLead = v.Get("nolead") == "1"
	f.Disagree = v.Get("disagree") == "1"
	f.Page = int(positiveInt64(v.Get("page")))
	if f.Page == 0 {
		f.Page = 1
	}
	return f
}

func oneOf(v string, allowed ...string) string {
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	return ""
}

func positiveInt64(s string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// Values writes the filter back as URL query values (without the page unless > 1).
func (f Filter) Values() url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	setInt := func(k string, n int64) {
		if n != 0 {
			v.Set(k, strconv.FormatInt(n, 10))
		}
	}
	set("q", f.Query)
	set("mechanism", f.Mechanism)
	set("body", f.Body)
	setInt("document", f.DocumentID)
	setInt("cycle", int64(f.Cycle))
	setInt("session", int64(f.Session))
	set("position", f.Position)
	set("type", f.Type)
	set("theme", f.Theme)
	set("person", f.Person)
	set("sdg", f.SDG)
	setInt("cluster", f.ClusterID)
	setInt("entity", f.EntityID)
	set("gender", f.Gender)
	set("status", f.Status)
	set("published", f.Published)
	if f.FollowUp {
		v.Set("followup", "1")
	}
	if f.Unclustered {
		v.Set("unclustered", "1")
	}
	if f.NoLead {
		v.Set("nolead", "1")
	}
	if f.Disagree {
		v.Set("disagree", "1")
	}
	set("sort", f.Sort)
	if f.Page > 1 {
		setInt("page", int64(f.Page))
	}
	return v
}

// With returns a copy of the filter with one URL parameter changed (empty removes it)
// and the page reset: for facet links.
func (f Filter) With(key, value string) string {
	v := f.Values()
	v.Del("page")
	if value == "" {
		v.Del(key)
	} else {
		v.Set(key, value)
	}
	return v.Encode()
}

// IsEmpty reports whether nothing narrows the list.
func (f Filter) IsEmpty() bool {
	g := f
	g.Sort, g.Page = "", 0
	return len(g.Values()) == 0
}

// where builds the SQL condition and its arguments; $1 is always the tenant.
func (f Filter) where() (string, []any) {
	var conds []string
	args := []any{nil} // $1, the tenant, filled by the caller
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	conds = append(conds, "r.tenant_id = $1")
	if f.PublishedOnly {
		conds = append(conds, "EXISTS (SELECT FROM public_recommendations pr WHERE pr.tenant_id = r.tenant_id AND pr.id = r.id)")
	}
	if f.Query != "" {
		p := arg(f.Query)
		c := fmt.Sprintf(`r.search @@ (websearch_to_tsquery('english', %[1]s) || websearch_to_tsquery('french', %[1]s)
			|| websearch_to_tsquery('spanish', %[1]s) || websearch_to_tsquery('russian', %[1]s) || websearch_to_tsquery('simple', %[1]s))`, p)
		if hasHan(f.Query) {
			// Chinese has no spaces between words: match the characters themselves.
			c = "(" + c + " OR r.text ILIKE " + arg("%"+escapeLike(strings.Trim(f.Query, `"`))+"%") + ")"
		}
		conds = append(conds, c)
	}
	if f.Mechanism != "" {
		conds = append(conds, "d.mechanism = "+arg(f.Mechanism))
	}
	if f.Body != "" {
		conds = append(conds, "d.body = "+arg(f.Body))
	}
	if f.DocumentID != 0 {
		conds = append(conds, "r.document_id = "+arg(f.DocumentID))
	}
	if f.Cycle != 0 {
		conds = append(conds, "d.cycle = "+arg(f.Cycle))
	}
	if f.Session != 0 {
		conds = append(conds, "d.session = "+arg(f.Session))
	}
	switch f.Position {
	case "":
	case "none":
		conds = append(conds, "r.position = ''")
	default:
		conds = append(conds, "r.position = "+arg(f.Position))
	}
	if f.Type != "" {
		conds = append(conds, "r.type = "+arg(f.Type))
	}
	if f.Theme != "" {
		conds = append(conds, "r.themes @> ARRAY["+arg(f.Theme)+"]::text[]")
	}
	if f.Person != "" {
		conds = append(conds, "r.affected_persons @> ARRAY["+arg(f.Person)+"]::text[]")
	}
	if f.SDG != "" {
		if strings.Contains(f.SDG, ".") {
			conds = append(conds, "r.sdg_targets @> ARRAY["+arg(f.SDG)+"]::text[]")
		} else {
			p := arg(f.SDG)
			conds = append(conds, fmt.Sprintf("EXISTS (SELECT FROM unnest(r.sdg_targets) t WHERE t = %[1]s OR t LIKE %[1]s || '.%%')", p))
		}
	}
	if f.ClusterID != 0 {
		conds = append(conds, "EXISTS (SELECT FROM cluster_recommendations cr WHERE cr.tenant_id = r.tenant_id AND cr.recommendation_id = r.id AND cr.cluster_id = "+arg(f.ClusterID)+")")
	}
	if f.EntityID != 0 {
		p := arg(f.EntityID)
		conds = append(conds, "(lead.entity_id = "+p+" OR EXISTS (SELECT FROM recommendation_entities re WHERE re.tenant_id = r.tenant_id AND re.recommendation_id = r.id AND re.entity_id = "+p+"))")
	}
	switch f.Gender {
	case "":
	case "none":
		conds = append(conds, "r.gender_marker IS NULL")
	default:
		n, _ := strconv.Atoi(f.Gender)
		conds = append(conds, "r.gender_marker = "+arg(n))
	}
	if f.Status != "" {
		conds = append(conds, "EXISTS (SELECT FROM "+f.statusView()+" rs WHERE rs.tenant_id = r.tenant_id AND rs.recommendation_id = r.id AND rs.status = "+arg(f.Status)+")")
	}
	switch f.Published {
	case "yes":
		conds = append(conds, "r.published_at IS NOT NULL")
	case "no":
		conds = append(conds, "r.published_at IS NULL")
	}
	if f.FollowUp {
		conds = append(conds, "r.follow_up")
	}
	if f.Unclustered {
		conds = append(conds, "NOT EXISTS (SELECT FROM cluster_recommendations cr WHERE cr.tenant_id = r.tenant_id AND cr.recommendation_id = r.id)")
	}
	if f.NoLead {
		conds = append(conds, "lead.entity_id IS NULL")
	}
	if f.Disagree {
		conds = append(conds, "EXISTS (SELECT FROM "+f.assessments()+" na JOIN "+f.statusView()+" rs "+disagreement+")")
	}
	return strings.Join(conds, "\n  AND "), args
}

// statusView is where a recommendation's implementation status comes from: on the
// public portal, only from the actions of public plans.
func (f Filter) statusView() string {
	if f.PublishedOnly {
		return "public_recommendation_status"
	}
	return "recommendation_status"
}

// assessments is where the NHRI's assessments come from: on the public portal, only
// those of published recommendations of a State that publishes them.
func (f Filter) assessments() string {
	if f.PublishedOnly {
		return "public_nhri_assessments"
	}
	return "nhri_assessments"
}

func (f Filter) orderBy() string {
	switch f.Sort {
	case "newest":
		return "r.created_at DESC, r.id DESC"
	case "paragraph":
		return paragraphOrder + ", r.id"
	}
	return "d.cycle DESC NULLS LAST, d.session DESC NULLS LAST, d.symbol, " + paragraphOrder + ", r.id"
}

// disagreement joins an assessment (na) of recommendation r to the government's status (rs)
// and keeps it when they differ.
const disagreement = `ON rs.tenant_id = na.tenant_id AND rs.recommendation_id = na.recommendation_id
  WHERE na.tenant_id = r.tenant_id AND na.recommendation_id = r.id AND na.status <> rs.status`

// Paragraphs sort as numbers: 118.2 before 118.10.
const paragraphOrder = `(substring(r.paragraph from '^(\d+)'))::int NULLS LAST, (substring(r.paragraph from '^\d+\.(\d+)'))::int NULLS FIRST, r.paragraph`

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Unreadable returns those of the parameters keys that have a value ParseFilter drops as
// making no sense: for a caller that refuses a bad value instead of ignoring it, like
// the open-data API, with the same reading of every value as the lists.
func Unreadable(v url.Values, keys ...string) []string {
	kept := ParseFilter(v).Values()
	var bad []string
	for _, k := range keys {
		if strings.TrimSpace(v.Get(k)) != "" && kept.Get(k) == "" {
			bad = append(bad, k)
		}
	}
	return bad
}
