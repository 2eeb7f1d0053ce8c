package reference

import (
	"slices"
	"strings"
	"sync"
)

// Kinds of mechanism a recommendation can come from. The strings are stored in the
// database and match the importer's record.Mechanism* constants.
const (
	KindUPR              = "upr"
	KindTreatyBody       = "treaty_body"
	KindSpecialProcedure = "special_procedure"
	KindRegional         = "regional"
)

// CodeSpecialProcedures is the code of the special procedures as a whole. A
// recommendation from a special procedure keeps its mandate ("Special Rapporteur on the
// right to food") beside this code.
const CodeSpecialProcedures = "SP"

// Body is a mechanism that issues recommendations: the UPR, a treaty body, the special
// procedures as a whole, or a regional body.
type Body struct {
	Code string // "UPR", "CEDAW", "SP", "IACHR", …
	Kind string // one of the Kind* constants
	Name Names  // full name in the six UN languages
}

// bodies lists the mechanisms: the UPR, the ten treaty bodies, the special procedures
// and the main regional bodies.
var bodies = []Body{
	{"UPR", KindUPR, Names{
		"Universal Periodic Review",
		"Examen périodique universel",
		"Examen Periódico Universal",
		"Универсальный периодический обзор",
		"الاستعراض الدوري الشامل",
		"普遍定期审议",
	}},

	{"CCPR", KindTreatyBody, Names{
		"Human Rights Committee",
		"Comité des droits de l'homme",
		"Comité de Derechos Humanos",
		"Комитет по правам человека",
		"اللجنة المعنية بحقوق الإنسان",
		"人权事务委员会",
	}},
	{"CESCR", KindTreatyBody, Names{
		"Committee on Economic, Social and Cultural Rights",
		"Comité des droits économiques, sociaux et culturels",
		"Comité de Derechos Económicos, Sociales y Culturales",
		"Комитет по экономическим, социальным и культурным правам",
		"اللجنة المعنية بالحقوق الاقتصادية والاجتماعية والثقافية",
		"经济、社会及文化权利委员会",
	}},
	{"CERD", KindTreatyBody, Names{
		"Committee on the Elimination of Racial Discrimination",
		"Comité pour l'élimination de la discrimination raciale",
		"Comité para la Eliminación de la Discriminación Racial",
		"Комитет по ликвидации расовой дискриминации",
		"لجنة القضاء على التمييز العنصري",
		"消除种族歧视委员会",
	}},
	{"CEDAW", KindTreatyBody, Names{
		"Committee on the Elimination of Discrimination against Women",
		"Comité pour l'élimination de la discrimination à l'égard des femmes",
		"Comité para la Eliminación de la Discriminación contra la Mujer",
		"Комитет по ликвидации дискриминации в отношении женщин",
		"اللجنة المعنية بالقضاء على التمييز ضد المرأة",
		"消除对妇女歧视委员会",
	}},
	{"CAT", KindTreatyBody, Names{
		"Committee against Torture",
		"Comité contre la torture",
		"Comité contra la Tortura",
		"Комитет против пыток",
		"لجنة مناهضة التعذيب",
		"禁止酷刑委员会",
	}},
	{"SPT", KindTreatyBody, Names{
		"Subcommittee on Prevention of Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
		"Sous-comité pour la prévention de la torture et autres peines ou traitements cruels, inhumains ou dégradants",
		"Subcomité para la Prevención de la Tortura y Otros Tratos o Penas Crueles, Inhumanos o Degradantes",
		"Подкомитет по предупреждению пыток и других жестоких, бесчеловечных или унижающих достоинство видов обращения и наказания",
		"اللجنة الفرعية لمنع التعذيب وغيره من ضروب المعاملة أو العقوبة القاسية أو اللاإنسانية أو المهينة",
		"防止酷刑和其他残忍、不人道或有辱人格的待遇或处罚小组委员会",
	}},
	{"CRC", KindTreatyBody, Names{
		"Committee on the Rights of the Child",
		"Comité des droits de l'enfant",
		"Comité de los Derechos del Niño",
		"Комитет по правам ребенка",
		"لجنة حقوق الطفل",
		"儿童权利委员会",
	}},
	{"CMW", KindTreatyBody, Names{
		"Committee on the Protection of the Rights of All Migrant Workers and Members of Their Families",
		"Comité pour la protection des droits de tous les travailleurs migrants et des membres de leur famille",
		"Comité de Protección de los Derechos de Todos los Trabajadores Migratorios y de Sus Familiares",
		"Комитет по защите прав всех трудящихся-мигрантов и членов их семей",
		"اللجنة المعنية بحماية حقوق جميع العمال المهاجرين وأفراد أسرهم",
		"保护所有移徙工人及其家庭成员权利委员会",
	}},
	{"CRPD", KindTreatyBody, Names{
		"Committee on the Rights of Persons with Disabilities",
		"Comité des droits des personnes handicapées",
		"Comité sobre los Derechos de las Personas con Discapacidad",
		"Комитет по правам инвалидов",
		"اللجنة المعنية بحقوق الأشخاص ذوي الإعاقة",
		"残疾人权利委员会",
	}},
	{"CED", KindTreatyBody, Names{
		"Committee on Enforced Disappearances",
		"Comité des disparitions forcées",
		"Comité contra la Desaparición Forzada",
		"Комитет по насильственным исчезновениям",
		"اللجنة المعنية بحالات الاختفاء القسري",
		"强迫失踪问题委员会",
	}},

	{CodeSpecialProcedures, KindSpecialProcedure, Names{
		"Special procedures of the Human Rights Council",
		"Procédures spéciales du Conseil des droits de l'homme",
		"Procedimientos especiales del Consejo de Derechos Humanos",
		"Специальные процедуры Совета по правам человека",
		"الإجراءات الخاصة لمجلس حقوق الإنسان",
		"人权理事会特别程序",
	}},

	// Inter-American system.
	{"IACHR", KindRegional, Names{
		"Inter-American Commission on Human Rights",
		"Commission interaméricaine des droits de l'homme",
		"Comisión Interamericana de Derechos Humanos",
		"Межамериканская комиссия по правам человека",
		"لجنة البلدان الأمريكية لحقوق الإنسان",
		"美洲人权委员会",
	}},
	{"IACtHR", KindRegional, Names{
		"Inter-American Court of Human Rights",
		"Cour interaméricaine des droits de l'homme",
		"Corte Interamericana de Derechos Humanos",
		"Межамериканский суд по правам человека",
		"محكمة البلدان الأمريكية لحقوق الإنسان",
		"美洲人权法院",
	}},
	{"MESECVI", KindRegional, Names{
		"Follow-up Mechanism to the Belém do Pará Convention",
		"Mécanisme de suivi de la Convention de Belém do Pará",
		"Mecanismo de Seguimiento de la Convención de Belém do Pará",
		"Механизм последующей деятельности по Конвенции Белен-ду-Пара",
		"آلية متابعة اتفاقية بيليم دو بارا",
		"《贝伦杜帕拉公约》后续行动机制",
	}},

	// African system.
	{"ACHPR", KindRegional, Names{
		"African Commission on Human and Peoples' Rights",
		"Commission africaine des droits de l'homme et des peuples",
		"Comisión Africana de Derechos Humanos y de los Pueblos",
		"Африканская комиссия по правам человека и народов",
		"اللجنة الأفريقية لحقوق الإنسان والشعوب",
		"非洲人权和人民权利委员会",
	}},
	{"AfCHPR", KindRegional, Names{
		"African Court on Human and Peoples' Rights",
		"Cour africaine des droits de l'homme et des peuples",
		"Corte Africana de Derechos Humanos y de los Pueblos",
		"Африканский суд по правам человека и народов",
		"المحكمة الأفريقية لحقوق الإنسان والشعوب",
		"非洲人权和人民权利法院",
	}},
	{"ACERWC", KindRegional, Names{
		"African Committee of Experts on the Rights and Welfare of the Child",
		"Comité africain d'experts sur les droits et le bien-être de l'enfant",
		"Comité Africano de Expertos sobre los Derechos y el Bienestar del Niño",
		"Африканский комитет экспертов по правам и благосостоянию ребенка",
		"لجنة الخبراء الأفريقية المعنية بحقوق الطفل ورفاهه",
		"非洲儿童权利和福利问题专家委员会",
	}},

	// Council of Europe and OSCE.
	{"ECtHR", KindRegional, Names{
		"European Court of Human Rights",
		"Cour européenne des droits de l'homme",
		"Tribunal Europeo de Derechos Humanos",
		"Европейский суд по правам человека",
		"المحكمة الأوروبية لحقوق الإنسان",
		"欧洲人权法院",
	}},
	{"ECSR", KindRegional, Names{
		"European Committee of Social Rights",
		"Comité européen des droits sociaux",
		"Comité Europeo de Derechos Sociales",
		"Европейский комитет по социальным правам",
		"اللجنة الأوروبية للحقوق الاجتماعية",
		"欧洲社会权利委员会",
	}},
	{"CPT", KindRegional, Names{
		"European Committee for the Prevention of Torture and Inhuman or Degrading Treatment or Punishment",
		"Comité européen pour la prévention de la torture et des peines ou traitements inhumains ou dégradants",
		"Comité Europeo para la Prevención de la Tortura y de las Penas o Tratos Inhumanos o Degradantes",
		"Европейский комитет по предупреждению пыток и бесчеловечного или унижающего достоинство обращения или наказания",
		"اللجنة الأوروبية لمنع التعذيب والمعاملة أو العقوبة اللاإنسانية أو المهينة",
		"欧洲防止酷刑和不人道或有辱人格的待遇或处罚委员会",
	}},
	{"ECRI", KindRegional, Names{
		"European Commission against Racism and Intolerance",
		"Commission européenne contre le racisme et l'intolérance",
		"Comisión Europea contra el Racismo y la Intolerancia",
		"Европейская комиссия по борьбе с расизмом и нетерпимостью",
		"اللجنة الأوروبية لمناهضة العنصرية والتعصب",
		"欧洲反对种族主义和不容忍委员会",
	}},
	{"GREVIO", KindRegional, Names{
		"Group of Experts on Action against Violence against Women and Domestic Violence",
		"Groupe d'experts sur la lutte contre la violence à l'égard des femmes et la violence domestique",
		"Grupo de Expertos en la Lucha contra la Violencia contra las Mujeres y la Violencia Doméstica",
		"Группа экспертов по борьбе с насилием в отношении женщин и домашним насилием",
		"فريق الخبراء المعني بمكافحة العنف ضد المرأة والعنف المنزلي",
		"打击暴力侵害妇女行为和家庭暴力问题专家组",
	}},
	{"GRETA", KindRegional, Names{
		"Group of Experts on Action against Trafficking in Human Beings",
		"Groupe d'experts sur la lutte contre la traite des êtres humains",
		"Grupo de Expertos sobre la Lucha contra la Trata de Seres Humanos",
		"Группа экспертов по противодействию торговле людьми",
		"فريق الخبراء المعني بمكافحة الاتجار بالبشر",
		"打击人口贩运行动专家组",
	}},
	{"GRECO", KindRegional, Names{
		"Group of States against Corruption",
		"Groupe d'États contre la corruption",
		"Grupo de Estados contra la Corrupción",
		"Группа государств против коррупции",
		"مجموعة الدول لمكافحة الفساد",
		"反腐败国家集团",
	}},
	{"ACFC", KindRegional, Names{
		"Advisory Committee on the Framework Convention for the Protection of National Minorities",
		"Comité consultatif de la Convention-cadre pour la protection des minorités nationales",
		"Comité Consultivo del Convenio Marco para la Protección de las Minorías Nacionales",
		"Консультативный комитет Рамочной конвенции о защите национальных меньшинств",
		"اللجنة الاستشارية للاتفاقية الإطارية لحماية الأقليات القومية",
		"保护少数民族框架公约咨询委员会",
	}},
	{"VENICE", KindRegional, Names{
		"European Commission for Democracy through Law (Venice Commission)",
		"Commission européenne pour la démocratie par le droit (Commission de Venise)",
		"Comisión Europea para la Democracia por el Derecho (Comisión de Venecia)",
		"Европейская комиссия за демократию через право (Венецианская комиссия)",
		"اللجنة الأوروبية للديمقراطية من خلال القانون (لجنة البندقية)",
		"欧洲通过法律实现民主委员会（威尼斯委员会）",
	}},
	{"CommDH", KindRegional, Names{
		"Council of Europe Commissioner for Human Rights",
		"Commissaire aux droits de l'homme du Conseil de l'Europe",
		"Comisario de Derechos Humanos del Consejo de Europa",
		"Комиссар Совета Европы по правам человека",
		"مفوض حقوق الإنسان في مجلس أوروبا",
		"欧洲委员会人权专员",
	}},
	{"ODIHR", KindRegional, Names{
		"OSCE Office for Democratic Institutions and Human Rights",
		"Bureau des institutions démocratiques et des droits de l'homme de l'OSCE",
		"Oficina de Instituciones Democráticas y Derechos Humanos de la OSCE",
		"Бюро по демократическим институтам и правам человека ОБСЕ",
		"مكتب المؤسسات الديمقراطية وحقوق الإنسان التابع لمنظمة الأمن والتعاون في أوروبا",
		"欧安组织民主体制和人权办公室",
	}},

	// Arab and ASEAN systems.
	{"ArabHRC", KindRegional, Names{
		"Arab Human Rights Committee",
		"Comité arabe des droits de l'homme",
		"Comité Árabe de Derechos Humanos",
		"Арабский комитет по правам человека",
		"لجنة حقوق الإنسان العربية",
		"阿拉伯人权委员会",
	}},
	{"AICHR", KindRegional, Names{
		"ASEAN Intergovernmental Commission on Human Rights",
		"Commission intergouvernementale des droits de l'homme de l'ASEAN",
		"Comisión Intergubernamental de Derechos Humanos de la ASEAN",
		"Межправительственная комиссия АСЕАН по правам человека",
		"اللجنة الحكومية الدولية لحقوق الإنسان التابعة لرابطة أمم جنوب شرق آسيا",
		"东盟政府间人权委员会",
	}},
}

// Bodies returns every mechanism: the UPR, the ten treaty bodies, the special
// procedures and the regional bodies, in that order.
func Bodies() []Body {
	return slices.Clone(bodies)
}

// BodyByCode finds a body by its code, in any case ("cedaw", "IACtHR").
func BodyByCode(code string) (Body, bool) {
	i, ok := bodyByCode()[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return Body{}, false
	}
	return bodies[i], true
}

var bodyByCode = sync.OnceValue(func() map[string]int {
	m := make(map[string]int, len(bodies))
	for i, b := range bodies {
		m[strings.ToUpper(b.Code)] = i
	}
	return m
})
