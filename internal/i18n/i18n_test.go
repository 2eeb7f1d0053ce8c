package i18n_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/nmrf-platform/nmrf/internal/i18n"
)

// Every language has exactly the keys the English file has.
func TestEveryLanguageHasEveryKey(t *testing.T) {
	t.Parallel()
	en, err := i18n.MessageIDs("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range i18n.Languages {
		ids, err := i18n.MessageIDs(l.Code)
		if err != nil {
			t.Fatalf("%s: %v", l.Code, err)
		}
		for id := range en {
			if !ids[id] {
				t.Errorf("locales/*.%s.toml lack %q", l.Code, id)
			}
		}
		for id := range ids {
			if !en[id] {
				t.Errorf("locales/*.%s.toml have %q, which English does not", l.Code, id)
			}
		}
	}
}

// Plural messages give every CLDR category the language uses, for counts people meet.
func TestPluralsResolveInEveryLanguage(t *testing.T) {
	t.Parallel()
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	en, err := i18n.Messages("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range i18n.Languages {
		loc := b.Localizer(l.Code)
		for id, v := range en {
			if _, plural := v.(map[string]any); !plural {
				continue
			}
			for _, n := range []int{0, 1, 2, 3, 5, 11, 21, 100, 102, 1000000} {
				got := loc.N(id, n)
				if got == id || !strings.Contains(got, itoa(n)) {
					t.Errorf("%s %s with %d: %q", l.Code, id, n, got)
				}
			}
		}
	}
}

// Placeholders survive translation: a message that fills {{.Link}} in English fills it
// in every language.
func TestPlaceholdersKept(t *testing.T) {
	t.Parallel()
	placeholder := regexp.MustCompile(`\{\{\s*\.[A-Za-z]+\s*\}\}`)
	load := func(code string) map[string]string {
		m, err := i18n.Messages(code)
		if err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		flat := map[string]string{}
		for k, v := range m {
			switch x := v.(type) {
			case string:
				flat[k] = x
			case map[string]any:
				if o, ok := x["other"].(string); ok {
					flat[k] = o
				}
			}
		}
		return flat
	}
	en := load("en")
	for _, l := range i18n.Languages {
		msgs := load(l.Code)
		for id, text := range en {
			want := placeholder.FindAllString(text, -1)
			got := placeholder.FindAllString(msgs[id], -1)
			sort.Strings(want)
			sort.Strings(got)
			if strings.Join(want, " ") != strings.Join(got, " ") {
				t.Errorf("%s %s: placeholders %v, English has %v", l.Code, id, got, want)
			}
		}
	}
}

// Every message ID the code and templates use exists in English (so in every language),
// so no person ever sees a raw ID.
func TestCodeUsesOnlyKnownMessages(t *testing.T) {
	t.Parallel()
	en, err := i18n.MessageIDs("en")
	if err != nil {
		t.Fatal(err)
	}
	id := regexp.MustCompile(`"((?:App|Layout|Nav|Role|Form|Login|Forgot|Reset|Invite|States|Home|Members|Admin|Outbox|Email|Error|Recs|Rec|Bulk|Gender|Views|Clusters|Cluster|Suggest|Entities|Entity|EntityKind|Imports|Import|ImportStatus|Format|Field|Mapping|Mechanism|Position|Type|History|Export|Plans|Plan|PlanStatus|Action|ActionStatus|Assistance|Milestones|Milestone|Vocabulary|Reports|Report|ReportStatus|Progress|Notify|Dash|RecStatus|Indicators|Indicator|Timeline|Deadlines|Deadline|DeadlineKind|Calendar|Month|Notices|Consult|Consultation|Comment|Answer|Outcome|Org|Orgs|OrgKind|Register|Grant|Grants|Adviser|Review|Assess|Portal|Publish|Open|TA)\.[A-Za-z_.]*[A-Za-z_])"`)
	root := filepath.Join("..", "..")
	found := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || strings.HasSuffix(path, "_test.go") || strings.HasSuffix(path, "_templ.go") ||
			!(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".templ")) {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "//") {
				continue
			}
			for _, m := range id.FindAllStringSubmatch(line, -1) {
				found++
				if !en[m[1]] {
					t.Errorf("%s uses message %q, which locales/*.en.toml lack", path, m[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 50 {
		t.Fatalf("found only %d message IDs in the code; the scan is broken", found)
	}
	// Messages whose IDs the code builds from a value.
	built := map[string][]string{
		"Role.":                        {"nmrf_admin", "nmrf_staff", "focal_point", "nhri", "civil_society", "ohchr_adviser"},
		"Mechanism.":                   {"upr", "treaty_body", "special_procedure", "regional"},
		"Position.":                    {"supported", "noted", "partially_supported", "none"},
		"Type.":                        {"recommendation", "concern", "pledge"},
		"Gender.":                      {"0", "1", "2", "none"},
		"EntityKind.":                  {"ministry", "specialised_body", "parliament", "judiciary", "local_government", "other"},
		"Format.":                      {"uhri_xlsx", "uhri_json", "upr_info_csv", "ohchr_matrix_docx", "generic_csv", "generic_xlsx"},
		"ImportStatus.":                {"mapping", "previewed", "queued", "running", "done", "failed", "cancelled"},
		"History.":                     {"insert", "update", "delete"},
		"PlanStatus.":                  {"draft", "consultation", "adopted", "closed"},
		"ReportStatus.":                {"draft", "submitted", "returned", "validated", "published"},
		"Indicator.Type.":              {"structural", "process", "outcome"},
		"Indicator.Direction.":         {"higher", "lower"},
		"Indicator.Ground.":            {"sex", "age_group", "disability", "region", "urban_rural"},
		"Indicator.Group.sex.":         {"female", "male"},
		"Indicator.Group.urban_rural.": {"urban", "rural"},
		"DeadlineKind.":                {"upr_review", "mid_term_report", "treaty_report", "follow_up_reply", "other"},
		"Month.":                       {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"},
		"Dash.Table.":                  {"recommendations", "clusters", "entities", "actions", "plans", "indicators", "measurements", "progress_reports"},
		"Report.Moved.":                {"submit", "return", "validate", "publish"},
		"ActionStatus.":                {"not_started", "in_progress", "partially_implemented", "fully_implemented", "not_implementable"},
		"Assistance.":                  {"advisory", "training", "un_volunteer", "consultant", "facilitation", "peer_exchange", "other"},
		"Plan.Change.":                 {"added", "removed", "changed"},
		"Plan.Field.":                  {"title", "lead_entity", "start_date", "due_date", "status", "recommendations"},
		"Portal.Filter.Published.":     {"yes", "no"}, // the public portal's filter on the staff list
		// The NHRI's assessment, advisers' grants and review comments.
		"Grant.Status.":  {"upcoming", "current", "past", "revoked"},
		"Review.Notice.": {"New", "Reply"},
		"Field.": {"text", "paragraph", "document_symbol", "body", "mechanism", "state", "recommending_states", "position",
			"themes", "affected_persons", "sdgs", "date", "session", "cycle", "type", "external_id"},
	}
	for prefix, values := range built {
		for _, v := range values {
			if !en[prefix+v] {
				t.Errorf("%s%s has no text in locales/*.en.toml", prefix, v)
			}
		}
	}
}

func TestArabicIsRightToLeft(t *testing.T) {
	t.Parallel()
	for _, l := range i18n.Languages {
		if l.RTL != (l.Code == "ar") {
			t.Errorf("%s: RTL = %v", l.Code, l.RTL)
		}
	}
}

func TestAcceptLanguage(t *testing.T) {
	t.Parallel()
	b, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"fr-CH, fr;q=0.9, en;q=0.8": "fr",
		"zh-Hant-TW":                "zh",
		"ar-EG":                     "ar",
		"de-DE":                     "",
		"":                          "",
		"garbage;;;q=x":             "",
	}
	for header, want := range cases {
		if got := b.MatchAcceptLanguage(header); got != want {
			t.Errorf("MatchAcceptLanguage(%q) = %q, want %q", header, got, want)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// A language file that is mostly English was copied, not translated. Names such as
// "OHCHR" or "NMRF" may stay, so a few identical messages are allowed.
func TestLanguagesAreTranslated(t *testing.T) {
	t.Parallel()
	read := func(code string) map[string]any {
		m, err := i18n.Messages(code)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	en := read("en")
	for _, l := range i18n.Languages {
		if l.Code == "en" {
			continue
		}
		msgs := read(l.Code)
		same := 0
		for id, v := range en {
			if s, ok := v.(string); ok && msgs[id] == s {
				same++
			}
		}
		if same*20 > len(en) {
			t.Errorf("%s: %d of %d messages are the English text", l.Code, same, len(en))
		}
	}
}
