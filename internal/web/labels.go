package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/recommendation"
	"github.com/nmrf-platform/nmrf/internal/reference"
)

// The interface's words for the database's codes, as message IDs.

func mechanismMsgID(kind string) string { return "Mechanism." + kind }

func positionMsgID(p string) string {
	if p == "" || p == "none" {
		return ""
	}
	return "Position." + p
}

func typeMsgID(t string) string { return "Type." + t }

// statusMsgID names an implementation status; "none" is a recommendation no action answers yet.
func statusMsgID(s string) string {
	if s == "none" {
		return "RecStatus.none"
	}
	return "ActionStatus." + s
}

func genderMsgID(g *int) string {
	if g == nil {
		return "Gender.none"
	}
	return "Gender." + strconv.Itoa(*g)
}

// bodyName is a body's name in the page's language ("CEDAW" → the Committee's name);
// special procedures keep their mandate as imported.
func bodyName(r *http.Request, code string) string {
	if b, ok := reference.BodyByCode(code); ok {
		return b.Name.In(i18n.Lang(r.Context()).Code)
	}
	return code
}

// source is how the list names where a recommendation comes from: "UPR 3rd cycle
// (A/HRC/34/15)", "CEDAW (CEDAW/C/SVN/CO/7)".
func source(r *http.Request, s recommendation.Summary) string {
	ctx := r.Context()
	var b strings.Builder
	if s.Mechanism == "upr" {
		b.WriteString("UPR")
		if s.Cycle > 0 {
			b.WriteString(" · " + i18n.T(ctx, "Rec.CycleShort", map[string]any{"Cycle": s.Cycle}))
		}
	} else {
		b.WriteString(s.Body)
	}
	if s.Symbol != "" {
		fmt.Fprintf(&b, " (%s)", s.Symbol)
	} else if s.Session > 0 {
		fmt.Fprintf(&b, " (%s)", i18n.T(ctx, "Rec.Session", map[string]any{"Session": s.Session}))
	}
	return b.String()
}

// stateNames turns ISO codes into names in the page's language.
func stateNames(r *http.Request, codes []string) []string {
	lang := i18n.Lang(r.Context()).Code
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		if country, ok := reference.CountryByCode(c); ok && len(c) == 3 {
			out = append(out, country.Name.In(lang))
		} else {
			out = append(out, c)
		}
	}
	return out
}

// sdgLabel is "5.2 Violence against women and girls".
func sdgLabel(code string) string {
	if t, ok := reference.SDGTarget(code); ok {
		return code + " " + t.Title
	}
	if n, err := strconv.Atoi(code); err == nil {
		if g, ok := reference.SDGGoal(n); ok {
			return code + " " + g.Title
		}
	}
	return code
}

// vocabLabels returns the function that names a theme or an affected person in the
// page's language (as imported, in English, when there is no translation).
func (s *Server) vocabLabels(r *http.Request) (func(kind, name string) string, error) {
	labels, err := s.Vocab.Labels(r.Context(), i18n.Lang(r.Context()).Code)
	if err != nil {
		return nil, err
	}
	return func(kind, name string) string {
		if l, ok := labels[kind+"|"+name]; ok {
			return l
		}
		return name
	}, nil
}

func translateAll(names []string, kind string, label func(kind, name string) string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = label(kind, n)
	}
	return out
}
