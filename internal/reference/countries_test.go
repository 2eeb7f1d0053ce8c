package reference

import (
	"regexp"
	"strings"
	"testing"
)

func TestCountriesTable(t *testing.T) {
	t.Parallel()
	all := Countries()
	if len(all) != 195 {
		t.Fatalf("Countries() has %d States, want 193 Member States + 2 observers", len(all))
	}
	members, observers := 0, map[string]bool{}
	iso3 := regexp.MustCompile(`^[A-Z]{3}$`)
	iso2 := regexp.MustCompile(`^[A-Z]{2}$`)
	seen3, seen2 := map[string]bool{}, map[string]bool{}
	for _, c := range all {
		if !iso3.MatchString(c.ISO3) || !iso2.MatchString(c.ISO2) {
			t.Errorf("%s/%s: malformed ISO code", c.ISO3, c.ISO2)
		}
		if seen3[c.ISO3] {
			t.Errorf("duplicate alpha-3 %s", c.ISO3)
		}
		if seen2[c.ISO2] {
			t.Errorf("duplicate alpha-2 %s", c.ISO2)
		}
		seen3[c.ISO3], seen2[c.ISO2] = true, true
		if c.Observer {
			observers[c.ISO3] = true
		} else {
			members++
		}
		// Every State has its name in all six languages, in the right script.
		n := c.Name
		for lang, name := range map[string]string{"en": n.EN, "fr": n.FR, "es": n.ES, "ru": n.RU, "ar": n.AR, "zh": n.ZH} {
			if strings.TrimSpace(name) == "" {
				t.Errorf("%s: no %s name", c.ISO3, lang)
			}
			if name != strings.TrimSpace(name) || strings.Contains(name, "  ") {
				t.Errorf("%s: %s name %q has stray spaces", c.ISO3, lang, name)
			}
		}
		if !regexp.MustCompile(`\p{Cyrillic}`).MatchString(n.RU) {
			t.Errorf("%s: Russian name %q is not in Cyrillic", c.ISO3, n.RU)
		}
		if !regexp.MustCompile(`\p{Arabic}`).MatchString(n.AR) {
			t.Errorf("%s: Arabic name %q is not in Arabic script", c.ISO3, n.AR)
		}
		if !regexp.MustCompile(`^\p{Han}+$`).MatchString(n.ZH) {
			t.Errorf("%s: Chinese name %q is not all Han characters", c.ISO3, n.ZH)
		}
		// Every official name finds its own State.
		for _, name := range n.all() {
			if got, ok := CountryByName(name); !ok || got.ISO3 != c.ISO3 {
				t.Errorf("CountryByName(%q) = %s, %v; want %s", name, got.ISO3, ok, c.ISO3)
			}
		}
		if got, ok := CountryByCode(strings.ToLower(c.ISO3)); !ok || got != c {
			t.Errorf("CountryByCode(%q) = %+v, %v", strings.ToLower(c.ISO3), got, ok)
		}
	}
	if members != 193 {
		t.Errorf("%d Member States, want 193", members)
	}
	if len(observers) != 2 || !observers["VAT"] || !observers["PSE"] {
		t.Errorf("observer States = %v, want VAT and PSE", observers)
	}
	for code := range countryAliases {
		if !seen3[code] {
			t.Errorf("aliases for unknown code %s", code)
		}
	}
}

func TestCountriesReturnsCopy(t *testing.T) {
	t.Parallel()
	a := Countries()
	a[0].Name.EN = "changed"
	if b := Countries(); b[0].Name.EN == "changed" {
		t.Fatal("Countries() exposes the table")
	}
}

func TestCountryNameIndexHasNoConflicts(t *testing.T) {
	t.Parallel()
	if _, conflicts := buildCountryNames(); len(conflicts) > 0 {
		t.Errorf("name keys claimed by two States:\n%s", strings.Join(conflicts, "\n"))
	}
}

func TestCountryByCode(t *testing.T) {
	t.Parallel()
	for _, code := range []string{"SVN", "svn", " Svn "} {
		if c, ok := CountryByCode(code); !ok || c.ISO3 != "SVN" || c.ISO2 != "SI" || c.Name.EN != "Slovenia" {
			t.Errorf("CountryByCode(%q) = %+v, %v", code, c, ok)
		}
	}
	for _, code := range []string{"", "XXX", "SI", "SVNX", "EU"} {
		if c, ok := CountryByCode(code); ok {
			t.Errorf("CountryByCode(%q) = %+v, want none", code, c)
		}
	}
}

// TestCountryByNameVariants checks the names, old and new, that UN documents and
// databases use.
func TestCountryByNameVariants(t *testing.T) {
	t.Parallel()
	cases := map[string][]string{
		"SYR": {"Syria", "Syrian Arab Republic", "SYRIA"},
		"VNM": {"Viet Nam", "Vietnam", "Viet-Nam"},
		"CIV": {"Côte d'Ivoire", "Cote d'Ivoire", "Cote d’Ivoire", "Ivory Coast", "Côte d'Ivoire (la)"},
		"SWZ": {"Swaziland", "Eswatini", "Kingdom of Eswatini"},
		"CZE": {"Czech Republic", "Czechia"},
		"MKD": {"the former Yugoslav Republic of Macedonia", "The Former Yugoslav Republic of Macedonia", "Macedonia", "North Macedonia", "Macedonia FYR", "FYROM", "Macedonia, the former Yugoslav Republic of"},
		"KOR": {"Republic of Korea", "South Korea", "Korea, Republic of", "Korea (Republic of)", "Korea, Rep."},
		"PRK": {"Democratic People's Republic of Korea", "North Korea", "DPR Korea", "DPRK", "Korea, Democratic People's Republic of", "Democratic Peoples Republic of Korea"},
		"IRN": {"Iran (Islamic Republic of)", "Iran", "Islamic Republic of Iran", "Iran, Islamic Republic of"},
		"BOL": {"Bolivia (Plurinational State of)", "Bolivia", "Plurinational State of Bolivia", "Bolivia, Plurinational State of"},
		"VEN": {"Venezuela (Bolivarian Republic of)", "Venezuela", "Bolivarian Republic of Venezuela", "Venezuela, Bolivarian Republic of"},
		"GBR": {"United Kingdom of Great Britain and Northern Ireland", "United Kingdom", "UK", "U.K.", "the United Kingdom"},
		"USA": {"United States of America", "United States", "USA", "U.S.A.", "the United States of America"},
		"RUS": {"Russian Federation", "Russia"},
		"MDA": {"Republic of Moldova", "Moldova", "Moldova, Republic of"},
		"LBY": {"Libyan Arab Jamahiriya", "Libya"},
		"MMR": {"Burma", "Myanmar"},
		"TUR": {"Turkey", "Türkiye", "Turkiye"},
		"CPV": {"Cape Verde", "Cabo Verde"},
		"TLS": {"East Timor", "Timor-Leste", "Timor Leste"},
		"LAO": {"Lao People's Democratic Republic", "Laos", "Lao PDR"},
		"TZA": {"United Republic of Tanzania", "Tanzania", "Tanzania, United Republic of"},
		"FSM": {"Micronesia (Federated States of)", "Micronesia", "Federated States of Micronesia", "Micronesia, Federated States of"},
		"VAT": {"Holy See", "Vatican", "the Holy See"},
		"PSE": {"Palestine", "State of Palestine", "Palestine, State of"},
		"BRN": {"Brunei Darussalam", "Brunei"},
		"COD": {"Democratic Republic of the Congo", "DR Congo", "D.R. Congo", "Congo, Democratic Republic", "Congo, Democratic Republic of the", "Democratic Republic of Congo", "Congo (Democratic Republic of the)", "DRC", "Congo, Dem. Rep."},
		"COG": {"Congo", "Republic of the Congo", "Republic of Congo", "Congo (the)", "Congo, Rep.", "Congo-Brazzaville"},
		"GMB": {"Gambia", "The Gambia", "Gambia, The", "Gambia (the)"},
		"BHS": {"Bahamas", "The Bahamas", "Bahamas, The", "Bahamas (the)"},
		"NLD": {"Netherlands", "Netherlands (Kingdom of the)", "The Netherlands", "Kingdom of the Netherlands", "Netherlands (the)"},
		"KNA": {"Saint Kitts and Nevis", "St. Kitts and Nevis", "Saint Kitts & Nevis"},
		"VCT": {"Saint Vincent and the Grenadines", "St. Vincent and the Grenadines", "Saint Vincent & the Grenadines"},
		"STP": {"Sao Tome and Principe", "São Tomé and Príncipe", "Sao Tome & Principe"},
		"KGZ": {"Kyrgyzstan", "Kyrgyz Republic"},
		"SVK": {"Slovakia", "Slovak Republic"},
		"BIH": {"Bosnia and Herzegovina", "Bosnia & Herzegovina", "Bosnia-Herzegovina"},
		"TTO": {"Trinidad and Tobago", "Trinidad & Tobago"},
		"GNB": {"Guinea-Bissau", "Guinea Bissau"},
		"GIN": {"Guinea"},
		"GNQ": {"Equatorial Guinea"},
		"PNG": {"Papua New Guinea"},
		"NER": {"Niger", "the Niger"},
		"NGA": {"Nigeria"},
		"DMA": {"Dominica"},
		"DOM": {"Dominican Republic"},
		"SDN": {"Sudan", "the Sudan"},
		"SSD": {"South Sudan"},
		"ARE": {"United Arab Emirates", "UAE"},
		"LCA": {"Saint Lucia", "St. Lucia", "St Lucia"},
		"SVN": {"Slovenia", "Slovénie", "Eslovenia", "Словения", "سلوفينيا", "斯洛文尼亚", "SLOVENIA"},
	}
	for want, names := range cases {
		for _, name := range names {
			c, ok := CountryByName(name)
			if !ok || c.ISO3 != want {
				t.Errorf("CountryByName(%q) = %q, %v; want %s", name, c.ISO3, ok, want)
			}
		}
	}
}

func TestCountryByNameUnknown(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"", "   ", "(Unknown)", "&#40;Unknown&#41;", "European Union", "Kosovo", "Taiwan", "Korea", "Guinea New", "Republic", "Democratic Republic", "the", "SVN", "Atlantis"} {
		if c, ok := CountryByName(name); ok {
			t.Errorf("CountryByName(%q) = %s, want no match", name, c.ISO3)
		}
	}
}
