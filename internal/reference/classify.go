package reference

import (
	"strings"
	"sync"
)

// bodyAliases are the other ways files name a body: acronyms in other languages, short
// forms and slightly wrong official names. The codes and six official names need not be
// repeated here.
var bodyAliases = map[string][]string{
	"UPR": {
		"Universal Periodic Review Working Group", "UPR Working Group",
		"Working Group on the Universal Periodic Review", "Working Group on the UPR",
		"Human Rights Council Working Group on the Universal Periodic Review",
		"EPU", "Groupe de travail sur l'Examen périodique universel",
		"Grupo de Trabajo sobre el Examen Periódico Universal",
		"Рабочая группа по универсальному периодическому обзору", "УПО",
		"الفريق العامل المعني بالاستعراض الدوري الشامل", "普遍定期审议工作组",
	},
	"CCPR":  {"HRCttee", "HR Committee", "CCPR Committee", "Committee on Civil and Political Rights"},
	"CESCR": {"CESCR Committee", "Committee on Economic Social and Cultural Rights", "CDESC"},
	"CERD":  {"CERD Committee"},
	"CEDAW": {
		"CEDAW Committee",
		"Committee on the Elimination of All Forms of Discrimination against Women",
		"Committee on the Elimination of Discrimination against Women (CEDAW)",
	},
	"CAT": {"CAT Committee", "UN Committee against Torture"},
	"SPT": {
		"Subcommittee on Prevention of Torture", "Subcommittee on the Prevention of Torture",
		"Subcommittee for the Prevention of Torture", "Sous-comité pour la prévention de la torture",
		"Subcomité para la Prevención de la Tortura",
	},
	"CRC": {"CRC Committee", "Committee on the Rights of Children"},
	"CMW": {
		"Committee on Migrant Workers", "Migrant Workers Committee", "CMW Committee",
		"Committee on the Protection of the Rights of Migrant Workers",
		"Committee on the Protection of the Rights of All Migrant Workers and Members of their Family",
	},
	"CRPD": {"CRPD Committee", "Committee on the Rights of Persons with Disability"},
	"CED":  {"CED Committee", "Committee on Enforced Disappearance", "Committee against Enforced Disappearances"},
	CodeSpecialProcedures: {
		"Special procedures", "Special procedure", "Special Procedures mandate holders",
		"Procédures spéciales", "Procedimientos especiales", "Специальные процедуры",
		"الإجراءات الخاصة", "特别程序",
	},
	"IACHR":   {"CIDH", "IACmHR", "Inter-American Commission", "Comisión Interamericana"},
	"IACtHR":  {"Corte IDH", "IA Court HR", "Inter-American Court", "Corte Interamericana"},
	"MESECVI": {"Follow-up Mechanism of the Belém do Pará Convention", "Committee of Experts of the MESECVI"},
	"ACHPR":   {"African Commission", "ACmHPR", "CADHP", "Commission africaine"},
	"AfCHPR":  {"African Court", "AfCtHPR", "African Court of Human and Peoples' Rights"},
	"ACERWC":  {"African Committee of Experts on the Rights and Welfare of the Child (ACERWC)", "CAEDBE"},
	"ECtHR":   {"ECHR", "European Court", "Cour EDH", "TEDH", "European Court of Human Rights (ECtHR)"},
	"ECSR":    {"CEDS", "European Committee of Social Rights (ECSR)"},
	"CPT": {
		"European Committee for the Prevention of Torture",
		"Council of Europe Committee for the Prevention of Torture",
	},
	"ECRI":   {"ECRI (Council of Europe)"},
	"GREVIO": {"GREVIO (Council of Europe)"},
	"GRETA":  {"GRETA (Council of Europe)"},
	"GRECO":  {"GRECO (Council of Europe)"},
	"ACFC": {
		"Advisory Committee on the Framework Convention",
		"Advisory Committee on the FCNM",
	},
	"VENICE": {
		"Venice Commission", "European Commission for Democracy through Law",
		"Commission de Venise", "Comisión de Venecia", "Венецианская комиссия", "لجنة البندقية", "威尼斯委员会",
	},
	"CommDH": {
		"Commissioner for Human Rights", "Commissioner for Human Rights of the Council of Europe",
		"CoE Commissioner for Human Rights",
	},
	"ODIHR":   {"OSCE/ODIHR", "OSCE ODIHR", "Office for Democratic Institutions and Human Rights", "BIDDH"},
	"ArabHRC": {"Arab Charter Committee", "Arab Human Rights Committee (Arab Charter on Human Rights)"},
	"AICHR":   {"ASEAN Intergovernmental Commission on Human Rights (AICHR)"},
}

// specialProcedurePrefixes start the names of special procedure mandates in the six
// languages; they are compared after bodyKey.
var specialProcedurePrefixes = []string{
	"Special Rapporteur", "Independent Expert", "Working Group on", "Working Group of Experts",
	"Rapporteur spécial", "Rapporteuse spéciale", "Rapporteurs spéciaux",
	"Expert indépendant", "Experte indépendante", "Groupe de travail sur", "Groupe de travail d'experts",
	"Relator Especial", "Relatora Especial", "Relatores Especiales",
	"Experto Independiente", "Experta Independiente", "Grupo de Trabajo sobre", "Grupo de Trabajo de Expertos",
	"Специальный докладчик", "Независимый эксперт", "Рабочая группа по", "Рабочая группа экспертов",
	"المقرر الخاص", "المقررة الخاصة", "المقررون الخاصون", "الخبير المستقل", "الخبيرة المستقلة", "الفريق العامل المعني",
}

// specialProcedureWords end the names of special procedure mandates in Chinese.
var specialProcedureWords = []string{"特别报告员", "独立专家", "工作组"}

// sptPrefixes start the SPT's name however long the file writes it; compared after
// bodyKey.
var sptPrefixes = []string{
	"Subcommittee on Prevention of Torture", "Subcommittee for the Prevention of Torture",
	"Sous-comité pour la prévention de la torture", "Subcomité para la Prevención de la Tortura",
	"Подкомитет по предупреждению пыток", "اللجنة الفرعية لمنع التعذيب", "防止酷刑小组委员会",
}

// ClassifyBody maps what an import file writes in a "Recommending Body" or "Body"
// column to a mechanism kind and body code:
//   - "UPR" or "Universal Periodic Review" → ("upr", "UPR");
//   - a treaty body's code or name in any of the six languages, leniently ("CEDAW",
//     "Committee on the Elimination of Discrimination against Women", "Committee
//     against Torture", "Committee on Migrant Workers", "Subcommittee on Prevention of
//     Torture…") → ("treaty_body", code);
//   - a name starting "Special Rapporteur", "Independent Expert" or "Working Group on"
//     (or the same in the other five languages) → ("special_procedure", "SP"); the
//     caller keeps the mandate's name as written;
//   - a known regional body ("IACHR", "European Court of Human Rights", "GREVIO") →
//     ("regional", code);
//   - anything else → ("", "").
func ClassifyBody(name string) (kind, code string) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", ""
	}
	idx := bodyNames()
	if i, ok := idx[bodyKey(name)]; ok {
		return bodies[i].Kind, bodies[i].Code
	}
	// "Committee against Torture (CAT)": try the acronym, then the name before it.
	if strings.HasSuffix(name, ")") {
		if open := strings.LastIndexByte(name, '('); open > 0 {
			for _, part := range []string{name[open+1 : len(name)-1], name[:open]} {
				if i, ok := idx[bodyKey(part)]; ok {
					return bodies[i].Kind, bodies[i].Code
				}
			}
		}
	}
	key := bodyKey(name)
	for _, p := range sptPrefixes {
		if strings.HasPrefix(key, bodyKey(p)) {
			return KindTreatyBody, "SPT"
		}
	}
	for _, p := range specialProcedurePrefixes {
		if strings.HasPrefix(key, bodyKey(p)) {
			return KindSpecialProcedure, CodeSpecialProcedures
		}
	}
	for _, w := range specialProcedureWords {
		if strings.Contains(key, w) {
			return KindSpecialProcedure, CodeSpecialProcedures
		}
	}
	return "", ""
}

// bodyNames maps the key of every code, official name and alias to its row in bodies.
var bodyNames = sync.OnceValue(func() map[string]int {
	m, _ := buildBodyNames()
	return m
})

// buildBodyNames builds the body name index; conflicts lists keys claimed by two
// bodies, which the tests require to be empty.
func buildBodyNames() (m map[string]int, conflicts []string) {
	m = make(map[string]int, len(bodies)*10)
	add := func(i int, name string) {
		k := bodyKey(name)
		if prev, ok := m[k]; ok && prev != i {
			conflicts = append(conflicts, k+": "+bodies[prev].Code+" and "+bodies[i].Code)
			return
		}
		m[k] = i
	}
	for i, b := range bodies {
		add(i, b.Code)
		for _, n := range b.Name.all() {
			add(i, n)
		}
		for _, n := range bodyAliases[b.Code] {
			add(i, n)
		}
	}
	return m, conflicts
}

// bodyKey is NormalizeName without the word "the" anywhere, and with "sub committee"
// written as one word.
func bodyKey(s string) string {
	words := strings.Fields(NormalizeName(s))
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); i++ {
		w := words[i]
		switch {
		case w == "the":
			continue
		case w == "sub" && i+1 < len(words) && (words[i+1] == "committee" || words[i+1] == "comite"):
			w = "sub" + words[i+1]
			i++
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}
