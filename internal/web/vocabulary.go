package web

import (
	"net/http"
	"strconv"

	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/i18n"
	"github.com/nmrf-platform/nmrf/internal/vocabulary"
	"github.com/nmrf-platform/nmrf/templates/pages/admin"
)

// vocabularyPage lets platform operators translate the themes and affected persons
// that imports bring in English; every State's lists then show them translated.
func (s *Server) vocabularyPage(w http.ResponseWriter, r *http.Request) error {
	kind := r.URL.Query().Get("kind")
	if !vocabulary.ValidKind(kind) {
		kind = vocabulary.Theme
	}
	terms, err := s.Vocab.List(r.Context(), kind)
	if err != nil {
		return err
	}
	v := admin.VocabularyView{Kind: kind}
	for i, t := range terms {
		vt := admin.VocabTerm{Name: t.Name}
		for _, l := range i18n.Languages {
			if l.Code == "en" {
				continue
			}
			vt.Fields = append(vt.Fields, admin.VocabField{ID: "t" + strconv.Itoa(i) + "-" + l.Code, Lang: l.Code, LangName: l.Name, Value: t.Names[l.Code]})
		}
		v.Terms = append(v.Terms, vt)
	}
	s.render(w, r, http.StatusOK, admin.Vocabulary(v))
	return nil
}

func (s *Server) translateTerm(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	kind, name := r.PostForm.Get("kind"), r.PostForm.Get("name")
	if !vocabulary.ValidKind(kind) {
		return fault.New(fault.Invalid, "Error.BadRequest")
	}
	for _, l := range i18n.Languages {
		if l.Code == "en" {
			continue
		}
		if err := s.Vocab.Translate(r.Context(), kind, name, l.Code, r.PostForm.Get("name_"+l.Code)); err != nil {
			if fault.FieldsOf(err) != nil {
				return fault.New(fault.Invalid, "Vocabulary.TooLong")
			}
			return err
		}
	}
	s.flash(r, "Vocabulary.Saved")
	http.Redirect(w, r, "/admin/vocabulary?kind="+kind, http.StatusSeeOther)
	return nil
}
