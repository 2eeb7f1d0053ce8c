package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/cluster"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/entity"
	"github.com/nmrf-platform/nmrf/internal/importer"
	"github.com/nmrf-platform/nmrf/internal/importer/record"
	"github.com/nmrf-platform/nmrf/internal/recommendation"
	"github.com/nmrf-platform/nmrf/internal/reference"
)

// The recommendations Arcadia received are written for the demo: they read like those
// of the UN human rights mechanisms, but no UN document contains them. The recommending
// States are real Member States; the State under review is not.

// source is one document that addressed recommendations to Arcadia.
type source struct {
	body      string // "UPR", a treaty body's code, or a special procedure's mandate
	mechanism string // only where the body does not say it
	symbol    string
	cycle     int // UPR only
	session   int // UPR working group session
	date      string
}

const srHousing = "Special Rapporteur on adequate housing as a component of the right to an adequate standard of living, " +
	"and on the right to non-discrimination in this context"

var (
	upr3    = source{body: "UPR", symbol: "A/HRC/39/12", cycle: 3, session: 30, date: "2018-07-11"}
	upr4    = source{body: "UPR", symbol: "A/HRC/55/10", cycle: 4, session: 44, date: "2024-01-04"}
	cedaw   = source{body: "CEDAW", symbol: "CEDAW/C/XAR/CO/8", date: "2022-10-31"}
	crc     = source{body: "CRC", symbol: "CRC/C/XAR/CO/5-6", date: "2021-10-06"}
	cat     = source{body: "CAT", symbol: "CAT/C/XAR/CO/4", date: "2023-05-12"}
	housing = source{body: srHousing, mechanism: record.MechanismSpecial, symbol: "A/HRC/55/53/Add.1", date: "2024-01-10"}
)

// The State's answers to UPR recommendations.
const (
	sup   = record.PositionSupported
	noted = record.PositionNoted
)

// marker is a gender marker as the demo sets it; the zero value leaves it unassessed.
type marker int

const (
	unassessed  marker = iota
	notTargeted        // 0: gender equality is not targeted
	significant        // 1: a significant objective
	principal          // 2: the principal objective
)

// demoEntity is one of Arcadia's responsible bodies; tag is how the lines below name it.
type demoEntity struct {
	tag, name, acronym, kind string
}

var demoEntities = []demoEntity{
	{"moj", "Ministry of Justice", "MOJ", "ministry"},
	{"mfa", "Ministry of Foreign Affairs", "MFA", "ministry"},
	{"moi", "Ministry of the Interior", "MOI", "ministry"},
	{"mlsa", "Ministry of Labour and Social Affairs", "MLSA", "ministry"},
	{"moe", "Ministry of Education", "MOE", "ministry"},
	{"moh", "Ministry of Health", "MOH", "ministry"},
	{"geo", "Gender Equality Office", "GEO", "specialised_body"},
	{"prisons", "Prison Administration", "", "specialised_body"},
	{"nso", "National Statistics Office", "NSO", "specialised_body"},
	{"parl", "Parliament of Arcadia", "", "parliament"},
	{"court", "Supreme Court of Arcadia", "", "judiciary"},
	{"muni", "Association of Municipalities of Arcadia", "AMA", "local_government"},
}

// demoCluster is one thematic cluster; tag is how the lines below name it.
type demoCluster struct {
	tag, name, lead, description string
}

var demoClusters = []demoCluster{
	{"intl", "International instruments and cooperation", "mfa",
		"Ratification of international instruments, cooperation with the treaty bodies and special procedures, " +
			"the national human rights institution, and the national mechanism for reporting and follow-up itself."},
	{"equality", "Equality and non-discrimination", "moj",
		"Anti-discrimination law and its enforcement, racism and hate speech, minorities and indigenous peoples, " +
			"and persons with disabilities."},
	{"women", "Rights of women", "geo",
		"Gender equality in law and in practice, violence against women, women's participation and economic " +
			"empowerment, sexual and reproductive health."},
	{"child", "Rights of the child", "mlsa",
		"Child-rights policy and data, birth registration, violence against children, children with disabilities, " +
			"and juvenile justice together with the justice cluster."},
	{"justice", "Administration of justice and detention", "moj",
		"Prevention of torture, fundamental legal safeguards, investigations, conditions of detention, juvenile " +
			"justice and the independence of the judiciary."},
	{"civic", "Civic space", "moi",
		"Freedom of expression and of the media, the safety of journalists, human rights defenders, and the " +
			"freedoms of peaceful assembly and association."},
	{"esr", "Economic and social rights", "mlsa",
		"Poverty and social protection, and the rights to health, education, work and adequate housing."},
	{"migration", "Migration and trafficking", "moi",
		"Migrants and migrant workers, asylum and non-refoulement, immigration detention, and trafficking in persons."},
}

// line is one recommendation with the work the NMRF did on it. Lists inside a field are
// separated by "; " (themes, persons) or by spaces (States, SDG targets, tags).
type line struct {
	doc      source
	para     string
	text     string
	by       string // recommending States, ISO 3166-1 alpha-3 codes
	pos      string
	concern  bool // a treaty body's concern rather than a recommendation
	themes   string
	persons  string
	sdgs     string
	cluster  string // cluster tags; "" leaves it for the suggestions page
	lead     string // entity tag
	support  string // entity tags
	gender   marker
	followUp string // the treaty body's follow-up deadline, YYYY-MM-DD
}

const (
	tTorture = "Torture and other cruel, inhuman or degrading treatment"
	tScope   = "Scope of international obligations"
	tJustice = "Administration of justice & fair trial"
)

var lines = []line{
	// Universal Periodic Review, third cycle: working group report A/HRC/39/12.
	{doc: upr3, para: "118.1", by: "DNK CZE", pos: noted,
		text:   "Ratify the Optional Protocol to the Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment and establish an effective national preventive mechanism.",
		themes: tScope + "; " + tTorture, persons: "persons deprived of their liberty", sdgs: "16.3 16.a", cluster: "intl justice"},
	{doc: upr3, para: "118.2", by: "SEN PHL", pos: noted,
		text:   "Consider ratifying the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families.",
		themes: tScope + "; Migrants", persons: "migrants", sdgs: "10.7 8.8", cluster: "intl"},
	{doc: upr3, para: "118.3", by: "PRT SVK", pos: noted,
		text:   "Ratify the Optional Protocol to the Convention on the Rights of the Child on a communications procedure.",
		themes: tScope + "; Rights of the child", persons: "children", sdgs: "16.3", cluster: "intl"},
	{doc: upr3, para: "118.4", by: "FRA ARG", pos: noted,
		text:   "Ratify the International Convention for the Protection of All Persons from Enforced Disappearance and recognize the competence of the Committee on Enforced Disappearances.",
		themes: tScope + "; Enforced disappearances", sdgs: "16.3", cluster: "intl"},
	{doc: upr3, para: "118.5", by: "IRL", pos: sup,
		text:   "Accede to the 1954 Convention relating to the Status of Stateless Persons and to the 1961 Convention on the Reduction of Statelessness.",
		themes: tScope + "; Right to a nationality", persons: "stateless persons", sdgs: "16.9"},
	{doc: upr3, para: "118.6", by: "GBR", pos: sup,
		text:   "Adopt an open, merit-based process when selecting national candidates for election to the United Nations treaty bodies.",
		themes: "Cooperation with treaty bodies", cluster: "intl", gender: notTargeted},
	{doc: upr3, para: "118.7", by: "LVA UKR", pos: sup,
		text:   "Extend a standing invitation to all special procedures of the Human Rights Council.",
		themes: "Cooperation with special procedures", cluster: "intl"},
	{doc: upr3, para: "118.8", by: "GHA", pos: sup,
		text:   "Submit its overdue periodic reports to the treaty bodies, in particular to the Committee on the Elimination of Racial Discrimination.",
		themes: "Cooperation with treaty bodies; Racial discrimination", cluster: "intl"},
	{doc: upr3, para: "118.9", by: "PRY PRT", pos: sup,
		text:   "Establish a standing national mechanism for reporting and follow-up to coordinate the implementation of recommendations from all human rights mechanisms, with the participation of civil society.",
		themes: "Follow-up to recommendations; Cooperation with treaty bodies", sdgs: "17.18 16.6", cluster: "intl"},
	{doc: upr3, para: "118.10", by: "NZL IND KOR", pos: sup,
		text:   "Establish a national human rights institution in full compliance with the Paris Principles.",
		themes: "National human rights institutions", sdgs: "16.a", cluster: "intl", lead: "moj", support: "parl"},
	{doc: upr3, para: "118.11", by: "ZAF", pos: sup,
		text:   "Provide the Human Rights Commission with adequate financial and human resources to discharge its mandate independently.",
		themes: "National human rights institutions", sdgs: "16.a"},
	{doc: upr3, para: "118.12", by: "CAN ISL", pos: sup,
		text:   "Adopt comprehensive anti-discrimination legislation that prohibits direct and indirect discrimination on all grounds, including race, sex, disability, religion, sexual orientation and gender identity.",
		themes: "Equality and non-discrimination; Racial discrimination", persons: "minorities; persons with disabilities; women", sdgs: "10.3 16.b",
		cluster: "equality", gender: significant},
	{doc: upr3, para: "118.13", by: "ZAF NAM", pos: sup,
		text:   "Adopt a national action plan against racism, racial discrimination, xenophobia and related intolerance.",
		themes: "Racial discrimination", persons: "minorities; migrants", sdgs: "10.2 10.3", cluster: "equality"},
	{doc: upr3, para: "118.14", by: "AUS BRB", pos: sup,
		text:   "Strengthen measures to combat hate speech, including online, and ensure that hate crimes are effectively investigated and prosecuted.",
		themes: "Hate speech; Racial discrimination", persons: "minorities; migrants", sdgs: "16.1 16.b", cluster: "equality"},
	{doc: upr3, para: "118.15", by: "HUN ALB", pos: sup,
		text:   "Take further measures to improve access of persons belonging to minorities to education, employment and housing.",
		themes: "Minorities; Equality and non-discrimination", persons: "minorities", sdgs: "10.2 4.5", cluster: "equality"},
	{doc: upr3, para: "118.16", by: "BOL DNK", pos: noted,
		text:   "Ratify the Indigenous and Tribal Peoples Convention, 1989 (No. 169) of the International Labour Organization.",
		themes: tScope + "; Indigenous peoples", persons: "indigenous peoples", sdgs: "10.2", cluster: "equality"},
	{doc: upr3, para: "118.17", by: "QAT SGP", pos: sup,
		text:   "Continue efforts to ensure the accessibility of public buildings and services for persons with disabilities.",
		themes: "Persons with disabilities", persons: "persons with disabilities", sdgs: "11.2 10.2"},
	{doc: upr3, para: "118.18", by: "SWE", pos: noted,
		text:   "Amend legislation to recognize the full legal capacity of persons with disabilities and replace substituted decision-making with supported decision-making.",
		themes: "Persons with disabilities; Equality and non-discrimination", persons: "persons with disabilities", sdgs: "10.3 16.3", cluster: "equality"},
	{doc: upr3, para: "118.19", by: "TUN", pos: sup,
		text:   "Strengthen efforts to eliminate gender stereotypes in education, the media and public life.",
		themes: "Women's rights", persons: "women; girls", sdgs: "5.1", cluster: "women", gender: principal},
	{doc: upr3, para: "118.20", by: "ESP MEX", pos: sup,
		text:   "Adopt a comprehensive law on violence against women, including domestic violence, that criminalizes marital rape.",
		themes: "Violence against women; Women's rights", persons: "women; girls", sdgs: "5.2", cluster: "women", gender: principal},
	{doc: upr3, para: "118.21", by: "BEL", pos: sup,
		text:   "Ensure that women victims of domestic violence have access to shelters and free legal aid throughout the country.",
		themes: "Violence against women", persons: "women", sdgs: "5.2 16.3", cluster: "women", support: "moj", gender: principal},
	{doc: upr3, para: "118.22", by: "ISL CHE", pos: sup,
		text:   "Take measures to close the gender pay gap and enforce the principle of equal pay for work of equal value.",
		themes: "Women's rights; Right to work", persons: "women", sdgs: "8.5 5.1", cluster: "women", gender: principal},
	{doc: upr3, para: "118.23", by: "RWA", pos: sup,
		text:   "Increase the representation of women in Parliament and in decision-making positions, including through temporary special measures.",
		themes: "Women's rights; Participation in public affairs", persons: "women", sdgs: "5.5", cluster: "women", lead: "parl", gender: principal},
	{doc: upr3, para: "118.24", by: "TUR MEX", pos: sup,
		text:   "Ensure free and universal birth registration, including for children born to migrant parents.",
		themes: "Birth registration; Rights of the child", persons: "children; migrants", sdgs: "16.9", cluster: "child", lead: "moi"},
	{doc: upr3, para: "118.25", by: "EST LIE", pos: sup,
		text:   "Prohibit corporal punishment of children in all settings, including the home.",
		themes: "Violence against children; Rights of the child", persons: "children", sdgs: "16.2", cluster: "child"},
	{doc: upr3, para: "118.26", by: "URY", pos: noted,
		text:   "Raise the minimum age of criminal responsibility in line with international standards.",
		themes: "Juvenile justice; Rights of the child", persons: "children in conflict with the law", sdgs: "16.3", cluster: "child"},
	{doc: upr3, para: "118.27", by: "ITA", pos: sup,
		text:   "Develop alternatives to detention for children in conflict with the law and ensure that detention is used only as a measure of last resort.",
		themes: "Juvenile justice; Conditions of detention", persons: "children in conflict with the law", sdgs: "16.3"},
	{doc: upr3, para: "118.28", by: "NOR SVN", pos: sup,
		text:   "Take measures to reduce prison overcrowding and to improve conditions of detention in line with the United Nations Standard Minimum Rules for the Treatment of Prisoners.",
		themes: "Conditions of detention", persons: "persons deprived of their liberty", sdgs: "16.3", cluster: "justice", lead: "prisons"},
	{doc: upr3, para: "118.29", by: "NLD", pos: sup,
		text:   "Ensure prompt and impartial investigations into all allegations of torture and ill-treatment by law enforcement officials, and bring perpetrators to justice.",
		themes: tTorture + "; " + tJustice, persons: "persons deprived of their liberty", sdgs: "16.3", cluster: "justice"},
	{doc: upr3, para: "118.30", by: "DEU", pos: sup,
		text:   "Guarantee access to a lawyer from the outset of deprivation of liberty and the right to inform a relative.",
		themes: tJustice, persons: "persons deprived of their liberty", sdgs: "16.3", cluster: "justice"},
	{doc: upr3, para: "118.31", by: "LTU", pos: sup,
		text:   "Reduce the use and length of pre-trial detention and make greater use of alternative measures.",
		themes: tJustice + "; Conditions of detention", persons: "persons deprived of their liberty", sdgs: "16.3"},
	{doc: upr3, para: "118.32", by: "USA NLD", pos: noted,
		text:   "Decriminalize defamation and place it within the civil code, in accordance with international standards.",
		themes: "Freedom of opinion and expression", persons: "journalists", sdgs: "16.10", cluster: "civic"},
	{doc: upr3, para: "118.33", by: "AUT GRC", pos: sup,
		text:   "Ensure the safety of journalists and media workers and investigate all attacks against them.",
		themes: "Freedom of opinion and expression", persons: "journalists", sdgs: "16.10", cluster: "civic"},
	{doc: upr3, para: "118.34", by: "NOR IRL", pos: noted,
		text:   "Adopt a law on the recognition and protection of human rights defenders.",
		themes: "Human rights defenders", persons: "human rights defenders", sdgs: "16.10", cluster: "civic"},
	{doc: upr3, para: "118.35", by: "CHE", pos: sup,
		text:   "Guarantee the right to freedom of peaceful assembly and ensure that any use of force by law enforcement officials during demonstrations complies with the principles of necessity and proportionality.",
		themes: "Freedom of peaceful assembly", sdgs: "16.10 16.1"},
	{doc: upr3, para: "118.36", by: "BLR PHL", pos: sup,
		text:   "Strengthen the legal framework against trafficking in persons and improve the identification of and assistance to victims.",
		themes: "Trafficking in persons", persons: "victims of trafficking", sdgs: "16.2 8.7 5.2", cluster: "migration"},
	{doc: upr3, para: "118.37", by: "BRA CAN", pos: sup,
		text:   "Ensure access to fair asylum procedures and full respect for the principle of non-refoulement.",
		themes: "Asylum seekers and refugees", persons: "asylum seekers; refugees", sdgs: "10.7", cluster: "migration"},
	{doc: upr3, para: "118.38", by: "MEX", pos: noted,
		text:   "End the immigration detention of children.",
		themes: "Migrants; Rights of the child", persons: "migrants; children", sdgs: "10.7 16.2", cluster: "migration child"},
	{doc: upr3, para: "118.39", by: "CHN VNM", pos: sup,
		text:   "Continue its efforts to reduce poverty, particularly in rural areas.",
		themes: "Poverty", persons: "persons living in poverty", sdgs: "1.2", cluster: "esr"},
	{doc: upr3, para: "118.40", by: "CUB", pos: sup,
		text:   "Strengthen the social protection system to ensure an adequate standard of living for all.",
		themes: "Right to social security; Poverty", persons: "persons living in poverty", sdgs: "1.3", cluster: "esr"},
	{doc: upr3, para: "118.41", by: "THA", pos: sup,
		text:   "Ensure universal access to health care, including for migrants and persons belonging to minorities.",
		themes: "Right to health", persons: "migrants; minorities", sdgs: "3.8", cluster: "esr", lead: "moh"},
	{doc: upr3, para: "118.42", by: "FIN", pos: sup,
		text:   "Ensure access to sexual and reproductive health services and information, including for adolescents.",
		themes: "Sexual and reproductive health and rights; Right to health", persons: "women; girls; adolescents", sdgs: "3.7 5.6",
		cluster: "women esr", gender: principal},
	{doc: upr3, para: "118.43", by: "SAU PAN", pos: sup,
		text:   "Continue efforts to ensure inclusive and quality education for all children, including children with disabilities and children belonging to minorities.",
		themes: "Right to education; Persons with disabilities", persons: "children; persons with disabilities; minorities", sdgs: "4.1 4.5",
		cluster: "esr", lead: "moe"},
	{doc: upr3, para: "118.44", by: "MAR ITA", pos: sup,
		text:   "Integrate human rights education into school curricula and the training of teachers.",
		themes: "Human rights education and training", persons: "children", sdgs: "4.7"},
	{doc: upr3, para: "118.45", by: "FJI MDV", pos: sup,
		text:   "Adopt a national climate change adaptation strategy that integrates a human rights perspective.",
		themes: "Environment", sdgs: "13.2"},

	// Universal Periodic Review, fourth cycle: working group report A/HRC/55/10.
	{doc: upr4, para: "123.1", by: "DNK CZE GTM", pos: sup,
		text:   "Ratify the Optional Protocol to the Convention against Torture, as previously recommended, and designate an independent and adequately resourced national preventive mechanism.",
		themes: tScope + "; " + tTorture, persons: "persons deprived of their liberty", sdgs: "16.3 16.a", cluster: "intl justice", support: "moj"},
	{doc: upr4, para: "123.2", by: "SEN IDN", pos: noted,
		text:   "Ratify the International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families.",
		themes: tScope + "; Migrants", persons: "migrants", sdgs: "10.7 8.8", cluster: "intl"},
	{doc: upr4, para: "123.3", by: "SVK PRT", pos: sup,
		text:   "Ratify the Optional Protocol to the Convention on the Rights of the Child on a communications procedure, as previously recommended.",
		themes: tScope + "; Rights of the child", persons: "children", sdgs: "16.3", cluster: "intl"},
	{doc: upr4, para: "123.4", by: "FRA JPN", pos: sup,
		text:   "Ratify the International Convention for the Protection of All Persons from Enforced Disappearance.",
		themes: tScope + "; Enforced disappearances", sdgs: "16.3", cluster: "intl"},
	{doc: upr4, para: "123.5", by: "ECU", pos: noted,
		text:   "Ratify the Optional Protocol to the Convention on the Rights of Persons with Disabilities.",
		themes: tScope + "; Persons with disabilities", persons: "persons with disabilities", sdgs: "10.2"},
	{doc: upr4, para: "123.6", by: "ARG URY", pos: sup,
		text:   "Ratify the Violence and Harassment Convention, 2019 (No. 190) of the International Labour Organization.",
		themes: tScope + "; Right to work; Women's rights", persons: "women", sdgs: "8.8 5.2", cluster: "intl", gender: significant},
	{doc: upr4, para: "123.7", by: "PRY MAR", pos: sup,
		text:   "Strengthen the national mechanism for reporting and follow-up, including its information management system, and involve the Human Rights Commission and civil society in its work.",
		themes: "Follow-up to recommendations", sdgs: "17.18 16.7", cluster: "intl", support: "nso"},
	{doc: upr4, para: "123.8", by: "GHA SLE", pos: sup,
		text:   "Submit its overdue initial report to the Committee on Economic, Social and Cultural Rights.",
		themes: "Cooperation with treaty bodies", cluster: "intl", gender: notTargeted},
	{doc: upr4, para: "123.9", by: "NZL KOR UKR", pos: sup,
		text:   "Ensure the full compliance of the Human Rights Commission with the Paris Principles, as previously recommended, and seek its accreditation with the Global Alliance of National Human Rights Institutions.",
		themes: "National human rights institutions", sdgs: "16.a", cluster: "intl", lead: "parl"},
	{doc: upr4, para: "123.10", by: "CAN AND", pos: sup,
		text:   "Adopt the draft comprehensive anti-discrimination law and establish an independent equality body with a mandate to receive complaints.",
		themes: "Equality and non-discrimination", persons: "minorities; persons with disabilities; women", sdgs: "10.3 16.b",
		cluster: "equality", support: "parl"},
	{doc: upr4, para: "123.11", by: "ZAF BRB", pos: sup,
		text:   "Adopt and implement a new national action plan against racism and racial discrimination with measurable targets.",
		themes: "Racial discrimination", persons: "minorities; migrants", sdgs: "10.2 10.3", cluster: "equality"},
	{doc: upr4, para: "123.12", by: "COL MEX", pos: sup,
		text:   "Systematically collect data disaggregated by sex, age, disability, ethnicity and migration status to design and evaluate public policies.",
		themes: "Data collection and disaggregation", sdgs: "17.18", lead: "nso"},
	{doc: upr4, para: "123.13", by: "SWE CRI", pos: sup,
		text:   "Combat hate speech against minorities and migrants, including on social media platforms, and raise public awareness of its harmful effects.",
		themes: "Hate speech; Minorities", persons: "minorities; migrants", sdgs: "16.b 10.2"},
	{doc: upr4, para: "123.14", by: "MEX PER", pos: sup,
		text:   "Ensure the full and effective participation of minorities and indigenous peoples in decisions that affect them.",
		themes: "Minorities; Indigenous peoples; Participation in public affairs", persons: "minorities; indigenous peoples", sdgs: "16.7 10.2",
		cluster: "equality"},
	{doc: upr4, para: "123.15", by: "NZL", pos: sup,
		text:   "Adopt a deinstitutionalization strategy for persons with disabilities with adequate community-based support services.",
		themes: "Persons with disabilities", persons: "persons with disabilities", sdgs: "10.2", cluster: "equality"},
	{doc: upr4, para: "123.16", by: "QAT CHL", pos: sup,
		text:   "Ensure the accessibility of public transport, buildings and information for persons with disabilities.",
		themes: "Persons with disabilities", persons: "persons with disabilities", sdgs: "11.2", cluster: "equality", lead: "muni"},
	{doc: upr4, para: "123.17", by: "SWE ESP", pos: sup,
		text:   "Amend the Criminal Code so that the definition of rape is based on the lack of free consent.",
		themes: "Violence against women", persons: "women", sdgs: "5.2", cluster: "women justice", support: "parl", gender: principal},
	{doc: upr4, para: "123.18", by: "TUR AUS", pos: sup,
		text:   "Adopt and adequately fund a new national action plan to prevent and combat violence against women and domestic violence.",
		themes: "Violence against women", persons: "women; girls", sdgs: "5.2", cluster: "women", gender: principal},
	{doc: upr4, para: "123.19", by: "GBR", pos: sup,
		text:   "Ensure that protection orders are effectively enforced and that police officers are trained to respond to reports of domestic violence.",
		themes: "Violence against women", persons: "women", sdgs: "5.2 16.3", cluster: "women", lead: "moi", gender: principal},
	{doc: upr4, para: "123.20", by: "ISL BEL", pos: sup,
		text:   "Take further measures to close the gender pay gap, including through pay transparency obligations for employers.",
		themes: "Women's rights; Right to work", persons: "women", sdgs: "8.5 5.1", cluster: "women", support: "mlsa", gender: principal},
	{doc: upr4, para: "123.21", by: "LUX", pos: sup,
		text:   "Promote the reconciliation of work and family life, including through paid parental leave for fathers.",
		themes: "Women's rights; Right to work", persons: "women", sdgs: "5.4 8.5", gender: significant},
	{doc: upr4, para: "123.22", by: "SGP", pos: sup,
		text:   "Expand access to affordable early childhood education and care.",
		themes: "Right to education; Rights of the child", persons: "children", sdgs: "4.2", cluster: "child"},
	{doc: upr4, para: "123.23", by: "KEN TUR", pos: sup,
		text:   "Ensure the birth registration of every child born on its territory, including children of undocumented migrants.",
		themes: "Birth registration; Rights of the child", persons: "children; migrants", sdgs: "16.9", cluster: "child"},
	{doc: upr4, para: "123.24", by: "PHL", pos: sup,
		text:   "Adopt a comprehensive child protection strategy against all forms of violence, including online sexual exploitation and abuse.",
		themes: "Violence against children; Rights of the child", persons: "children", sdgs: "16.2", cluster: "child"},
	{doc: upr4, para: "123.25", by: "ITA CRI", pos: sup,
		text:   "Establish a child-friendly justice system with specialized judges and prosecutors, and give priority to restorative justice for children in conflict with the law.",
		themes: "Juvenile justice; " + tJustice, persons: "children in conflict with the law", sdgs: "16.3", cluster: "child justice", support: "court"},
	{doc: upr4, para: "123.26", by: "URY AUT", pos: sup,
		text:   "Raise the minimum age of criminal responsibility to at least 14 years, as previously recommended.",
		themes: "Juvenile justice; Rights of the child", persons: "children in conflict with the law", sdgs: "16.3", cluster: "child"},
	{doc: upr4, para: "123.27", by: "NOR SVN", pos: sup,
		text:   "Continue to improve conditions of detention, address overcrowding and expand the use of non-custodial sentences.",
		themes: "Conditions of detention", persons: "persons deprived of their liberty", sdgs: "16.3", cluster: "justice", support: "court"},
	{doc: upr4, para: "123.28", by: "NLD GBR", pos: sup,
		text:   "Establish an independent mechanism to investigate complaints of misconduct and ill-treatment by police officers.",
		themes: tTorture + "; " + tJustice, sdgs: "16.3 16.6", cluster: "justice", support: "moi"},
	{doc: upr4, para: "123.29", by: "ROU", pos: sup,
		text:   "Ensure adequate health care in prisons, including mental health care.",
		themes: "Conditions of detention; Right to health", persons: "persons deprived of their liberty", sdgs: "3.8 16.3", lead: "moh", support: "prisons"},
	{doc: upr4, para: "123.30", by: "USA DEU", pos: sup,
		text:   "Guarantee the independence of the judiciary, including through a transparent and merit-based procedure for the appointment of judges.",
		themes: "Independence of the judiciary; " + tJustice, persons: "judges", sdgs: "16.3 16.6", cluster: "justice", lead: "parl", support: "court"},
	{doc: upr4, para: "123.31", by: "USA CAN EST", pos: noted,
		text:   "Decriminalize defamation, as previously recommended.",
		themes: "Freedom of opinion and expression", persons: "journalists", sdgs: "16.10", cluster: "civic"},
	{doc: upr4, para: "123.32", by: "AUT FRA LTU", pos: sup,
		text:   "Ensure that journalists can work freely and safely, and that threats and attacks against them are promptly investigated.",
		themes: "Freedom of opinion and expression", persons: "journalists", sdgs: "16.10", cluster: "civic"},
	{doc: upr4, para: "123.33", by: "NOR IRL CHL", pos: sup,
		text:   "Adopt a law on human rights defenders and establish a mechanism for their protection.",
		themes: "Human rights defenders", persons: "human rights defenders", sdgs: "16.10", cluster: "civic", support: "moj"},
	{doc: upr4, para: "123.34", by: "USA DEU", pos: noted,
		text:   "Revise the law on non-governmental organizations so that it does not unduly restrict their registration, activities or access to funding.",
		themes: "Freedom of association; Human rights defenders", persons: "civil society", sdgs: "16.10 16.7", cluster: "civic"},
	{doc: upr4, para: "123.35", by: "BRA CHE", pos: noted,
		text:   "Ensure that the surveillance of communications complies with the rights to privacy and to freedom of expression and is subject to independent judicial oversight.",
		themes: "Right to privacy; Freedom of opinion and expression", sdgs: "16.10"},
	{doc: upr4, para: "123.36", by: "BLR PHL NGA", pos: sup,
		text:   "Implement the national action plan against trafficking in persons and ensure that victims are identified, protected and assisted unconditionally.",
		themes: "Trafficking in persons", persons: "victims of trafficking", sdgs: "16.2 8.7 5.2", cluster: "migration"},
	{doc: upr4, para: "123.37", by: "PHL IND", pos: sup,
		text:   "Protect migrant workers from labour exploitation, particularly in agriculture and domestic work, and ensure their access to justice.",
		themes: "Migrants; Right to work", persons: "migrants", sdgs: "8.8 10.7", cluster: "migration", support: "mlsa"},
	{doc: upr4, para: "123.38", by: "MEX BRA", pos: sup,
		text:   "Use alternatives to immigration detention and end the detention of migrant children.",
		themes: "Migrants; Rights of the child", persons: "migrants; children", sdgs: "10.7", cluster: "migration"},
	{doc: upr4, para: "123.39", by: "CAN", pos: sup,
		text:   "Guarantee access to fair and efficient asylum procedures, including at the borders, and respect the principle of non-refoulement.",
		themes: "Asylum seekers and refugees", persons: "asylum seekers; refugees", sdgs: "10.7", cluster: "migration"},
	{doc: upr4, para: "123.40", by: "KEN ECU", pos: sup,
		text:   "Adopt a national action plan on business and human rights in line with the Guiding Principles on Business and Human Rights.",
		themes: "Business and human rights", sdgs: "8.8 12.6"},
	{doc: upr4, para: "123.41", by: "CHN EGY", pos: sup,
		text:   "Strengthen measures to reduce poverty and social exclusion, particularly among persons with disabilities, minorities and single-parent households.",
		themes: "Poverty; Right to social security", persons: "persons living in poverty; persons with disabilities; minorities", sdgs: "1.2 1.3",
		cluster: "esr"},
	{doc: upr4, para: "123.42", by: "MYS", pos: sup,
		text:   "Increase the supply of social and affordable housing.",
		themes: "Right to adequate housing", persons: "persons living in poverty", sdgs: "11.1", cluster: "esr", lead: "muni"},
	{doc: upr4, para: "123.43", by: "THA BGD", pos: sup,
		text:   "Achieve universal health coverage and reduce out-of-pocket payments for health care.",
		themes: "Right to health", sdgs: "3.8", cluster: "esr"},
	{doc: upr4, para: "123.44", by: "QAT CUB", pos: sup,
		text:   "Reduce school dropout among children belonging to minorities and migrant children.",
		themes: "Right to education; Minorities", persons: "children; minorities; migrants", sdgs: "4.1 4.5"},
	{doc: upr4, para: "123.45", by: "FJI VUT MHL", pos: sup,
		text:   "Integrate human rights and gender equality into climate change policies and ensure the meaningful participation of affected communities.",
		themes: "Environment; Women's rights", persons: "women", sdgs: "13.2 13.b", gender: significant},

	// Committee on the Elimination of Discrimination against Women: CEDAW/C/XAR/CO/8.
	{doc: cedaw, para: "11", concern: true,
		text:   "The Committee is concerned that the legislation of the State party does not contain a comprehensive definition of discrimination against women covering direct and indirect discrimination in the public and private spheres.",
		themes: "Women's rights; Equality and non-discrimination", persons: "women", sdgs: "5.1", cluster: "women", gender: principal},
	{doc: cedaw, para: "12 (a)",
		text:   "Adopt a comprehensive definition of discrimination against women, in line with articles 1 and 2 of the Convention, covering direct and indirect discrimination in the public and private spheres as well as intersecting forms of discrimination.",
		themes: "Women's rights; Equality and non-discrimination", persons: "women", sdgs: "5.1", cluster: "women", gender: principal},
	{doc: cedaw, para: "14",
		text:   "Provide the Gender Equality Office with the authority and the human, technical and financial resources necessary to coordinate gender mainstreaming across all ministries.",
		themes: "Women's rights", persons: "women", sdgs: "5.c", cluster: "women", gender: principal},
	{doc: cedaw, para: "16",
		text:   "Adopt temporary special measures, including statutory quotas, to accelerate the achievement of substantive equality of women and men in political and public life.",
		themes: "Women's rights; Participation in public affairs", persons: "women", sdgs: "5.5", cluster: "women", gender: principal},
	{doc: cedaw, para: "18 (a)",
		text:   "Adopt a comprehensive strategy to eliminate discriminatory gender stereotypes, targeting the media, schools and community leaders.",
		themes: "Women's rights", persons: "women; girls", sdgs: "5.1", gender: principal},
	{doc: cedaw, para: "20", concern: true,
		text:   "The Committee is concerned about the high prevalence of gender-based violence against women, including domestic violence and femicide, and about the underreporting of such violence owing to stigma and distrust of law enforcement.",
		themes: "Violence against women", persons: "women", sdgs: "5.2", cluster: "women", gender: principal},
	{doc: cedaw, para: "21 (a)", followUp: "2024-10-31",
		text:   "Amend the Criminal Code to ensure that the definition of rape is based on the lack of free consent.",
		themes: "Violence against women; " + tJustice, persons: "women", sdgs: "5.2", cluster: "women justice", lead: "moj", support: "geo parl", gender: principal},
	{doc: cedaw, para: "21 (b)",
		text:   "Ensure an adequate number of accessible shelters for women victims of gender-based violence and their children in all regions, and provide them with free legal aid.",
		themes: "Violence against women", persons: "women; children", sdgs: "5.2 16.3", cluster: "women", lead: "muni", gender: principal},
	{doc: cedaw, para: "21 (c)",
		text:   "Systematically collect data on gender-based violence against women, disaggregated by age, disability and the relationship between victim and perpetrator.",
		themes: "Violence against women; Data collection and disaggregation", persons: "women", sdgs: "5.2 17.18", cluster: "women", lead: "nso", gender: principal},
	{doc: cedaw, para: "23",
		text:   "Ensure that women and girls who are victims of trafficking are identified early, referred to specialized services and granted residence permits irrespective of their ability or willingness to cooperate with the prosecuting authorities.",
		themes: "Trafficking in persons; Women's rights", persons: "women; girls; victims of trafficking", sdgs: "5.2 16.2", cluster: "migration", gender: principal},
	{doc: cedaw, para: "29 (a)",
		text:   "Encourage girls and women to choose non-traditional fields of study and career paths, including in science, technology, engineering and mathematics.",
		themes: "Right to education; Women's rights", persons: "girls; women", sdgs: "4.5 5.b", lead: "moe", gender: principal},
	{doc: cedaw, para: "31", followUp: "2024-10-31",
		text:   "Enforce the principle of equal pay for work of equal value in order to close the gender pay gap, including through regular labour inspections and job evaluation methods free of gender bias.",
		themes: "Women's rights; Right to work", persons: "women", sdgs: "8.5", cluster: "women", support: "geo mlsa", gender: principal},
	{doc: cedaw, para: "33",
		text:   "Ensure access to affordable modern forms of contraception and to sexual and reproductive health services for all women and girls, including rural women and women with disabilities.",
		themes: "Sexual and reproductive health and rights; Right to health", persons: "women; girls; rural women; persons with disabilities", sdgs: "3.7 5.6",
		cluster: "women", support: "moh", gender: principal},
	{doc: cedaw, para: "35",
		text:   "Adopt targeted measures to eliminate intersecting forms of discrimination against women belonging to minorities, migrant women and women with disabilities, in particular in access to employment, health care and housing.",
		themes: "Women's rights; Minorities; Migrants", persons: "women; minorities; migrants; persons with disabilities", sdgs: "10.2 5.1", cluster: "women", gender: principal},
	{doc: cedaw, para: "37",
		text:   "Remove all exceptions that permit marriage below the age of 18 years for both women and men.",
		themes: "Women's rights; Rights of the child", persons: "girls", sdgs: "5.3", cluster: "women child", gender: principal},

	// Committee on the Rights of the Child: CRC/C/XAR/CO/5-6.
	{doc: crc, para: "6",
		text:   "Adopt a comprehensive policy on children and a strategy for its implementation, with adequate human, technical and financial resources.",
		themes: "Rights of the child", persons: "children", cluster: "child"},
	{doc: crc, para: "10",
		text:   "Improve its data collection system so that data on children are disaggregated by age, sex, disability, geographical location, ethnic and national origin and socioeconomic background, and are used for the design of policies.",
		themes: "Rights of the child; Data collection and disaggregation", persons: "children", sdgs: "17.18", lead: "nso"},
	{doc: crc, para: "12",
		text:   "Establish within the Human Rights Commission a specific mechanism for monitoring children's rights that is able to receive and investigate complaints by children in a child-sensitive manner.",
		themes: "National human rights institutions; Rights of the child", persons: "children", sdgs: "16.a", cluster: "child"},
	{doc: crc, para: "15", concern: true,
		text:   "The Committee is concerned about persistent discrimination against children belonging to minority groups, migrant children and children with disabilities, in particular in access to education and health care.",
		themes: "Equality and non-discrimination; Rights of the child", persons: "children; minorities; migrants; persons with disabilities", sdgs: "10.2", cluster: "child"},
	{doc: crc, para: "17",
		text:   "Ensure free birth registration for all children, including through mobile registration units in remote areas, and facilitate late registration free of charge.",
		themes: "Birth registration", persons: "children", sdgs: "16.9", cluster: "child", lead: "moi", support: "muni"},
	{doc: crc, para: "19 (a)",
		text:   "Explicitly prohibit corporal punishment in all settings, including in the home and in alternative care settings.",
		themes: "Violence against children", persons: "children", sdgs: "16.2", cluster: "child", support: "parl"},
	{doc: crc, para: "21",
		text:   "Establish a national database on all cases of violence against children, including abuse and neglect, and ensure that child victims have access to recovery services.",
		themes: "Violence against children", persons: "children", sdgs: "16.2"},
	{doc: crc, para: "27",
		text:   "Ensure inclusive education for children with disabilities in mainstream schools and end the placement of children with disabilities in institutions.",
		themes: "Persons with disabilities; Right to education", persons: "children; persons with disabilities", sdgs: "4.5 4.a", cluster: "child equality", lead: "moe", support: "mlsa"},
	{doc: crc, para: "29",
		text:   "Strengthen child and adolescent mental health services and ensure that they are available in all regions.",
		themes: "Right to health; Rights of the child", persons: "children; adolescents", sdgs: "3.4"},
	{doc: crc, para: "31",
		text:   "Strengthen social protection for families with children, in particular single-parent families and families with children with disabilities, in order to reduce child poverty.",
		themes: "Poverty; Right to social security; Rights of the child", persons: "children; persons living in poverty", sdgs: "1.3 1.2", cluster: "esr"},
	{doc: crc, para: "33",
		text:   "Address the causes of school dropout, in particular among minority and migrant children, and improve the quality of education in rural areas.",
		themes: "Right to education", persons: "children; minorities; migrants", sdgs: "4.1", cluster: "child"},
	{doc: crc, para: "36 (a)",
		text:   "End the detention of asylum-seeking and migrant children and of families with children, and ensure non-custodial alternatives.",
		themes: "Migrants; Asylum seekers and refugees; Rights of the child", persons: "children; migrants; asylum seekers", sdgs: "10.7", cluster: "migration child"},
	{doc: crc, para: "38 (b)",
		text:   "Raise the minimum age of criminal responsibility to at least 14 years, as previously recommended.",
		themes: "Juvenile justice", persons: "children in conflict with the law", sdgs: "16.3", cluster: "justice child"},
	{doc: crc, para: "38 (d)",
		text:   "Promote non-judicial measures, such as diversion, mediation and counselling, for children in conflict with the law and ensure that detention is used as a measure of last resort and for the shortest possible period.",
		themes: "Juvenile justice; Conditions of detention", persons: "children in conflict with the law", sdgs: "16.3", cluster: "justice", support: "court"},
	{doc: crc, para: "40",
		text:   "Ratify the Optional Protocol to the Convention on the Rights of the Child on a communications procedure.",
		themes: tScope + "; Rights of the child", persons: "children", sdgs: "16.3"},

	// Committee against Torture: CAT/C/XAR/CO/4.
	{doc: cat, para: "8",
		text:   "Incorporate into the Criminal Code a definition of torture that is fully in line with article 1 of the Convention and ensure that penalties for torture are commensurate with its grave nature.",
		themes: tTorture, sdgs: "16.3", cluster: "justice", support: "parl"},
	{doc: cat, para: "10 (a)", followUp: "2024-05-12",
		text:   "Ensure that all persons deprived of their liberty are afforded, by law and in practice, all fundamental legal safeguards from the very outset of their deprivation of liberty, including the right to have access to a lawyer, to request a medical examination by an independent doctor and to inform a relative of their arrest.",
		themes: tTorture + "; " + tJustice, persons: "persons deprived of their liberty", sdgs: "16.3", cluster: "justice", lead: "moi", support: "moj"},
	{doc: cat, para: "12",
		text:   "Ensure that the Human Rights Commission is in full compliance with the Paris Principles and has the mandate and the resources to visit all places of deprivation of liberty without prior notice.",
		themes: "National human rights institutions; " + tTorture, persons: "persons deprived of their liberty", sdgs: "16.a", cluster: "intl"},
	{doc: cat, para: "14", followUp: "2024-05-12",
		text:   "Ratify the Optional Protocol to the Convention, as previously recommended, and establish a national preventive mechanism that is independent and adequately resourced.",
		themes: tScope + "; " + tTorture, persons: "persons deprived of their liberty", sdgs: "16.a 16.3", cluster: "intl justice"},
	{doc: cat, para: "15", concern: true,
		text:   "The Committee is concerned at reports of excessive use of force by law enforcement officials during arrests and public demonstrations, and at the small number of prosecutions of those responsible.",
		themes: tTorture + "; Freedom of peaceful assembly", sdgs: "16.1 16.3"},
	{doc: cat, para: "16 (a)", followUp: "2024-05-12",
		text:   "Ensure that all allegations of torture and ill-treatment are investigated promptly, effectively and impartially by an independent body, with no institutional or hierarchical connection between the investigators and the alleged perpetrators.",
		themes: tTorture + "; " + tJustice, sdgs: "16.3", cluster: "justice"},
	{doc: cat, para: "18",
		text:   "Reduce overcrowding in places of detention, including through the wider application of non-custodial measures, and improve material conditions in all prisons.",
		themes: "Conditions of detention", persons: "persons deprived of their liberty", sdgs: "16.3", cluster: "justice", lead: "prisons"},
	{doc: cat, para: "20",
		text:   "Ensure that all deaths in custody are promptly and impartially investigated by an independent body and that the families of the deceased are informed of the results.",
		themes: "Conditions of detention; " + tTorture, persons: "persons deprived of their liberty", sdgs: "16.1 16.3"},
	{doc: cat, para: "22",
		text:   "Limit the use of solitary confinement to exceptional cases, as a last resort, for as short a time as possible and under independent review, and prohibit it for children and for persons with psychosocial disabilities.",
		themes: "Conditions of detention", persons: "persons deprived of their liberty; children; persons with disabilities", sdgs: "16.3", cluster: "justice"},
	{doc: cat, para: "24",
		text:   "Ensure that any placement in psychiatric institutions and any non-consensual treatment are subject to effective legal safeguards and to independent monitoring.",
		themes: "Persons with disabilities; " + tTorture, persons: "persons with disabilities", sdgs: "16.3 3.4"},
	{doc: cat, para: "26",
		text:   "Ensure that no person is expelled, returned or extradited to a State where there are substantial grounds for believing that he or she would be in danger of being subjected to torture, and that each case is assessed individually.",
		themes: "Asylum seekers and refugees; " + tTorture, persons: "asylum seekers; migrants", sdgs: "10.7", cluster: "migration"},
	{doc: cat, para: "28",
		text:   "Ensure that immigration detention is used only as a last resort and for the shortest possible time, and end the detention of children for immigration purposes.",
		themes: "Migrants; Conditions of detention", persons: "migrants; children", sdgs: "10.7", cluster: "migration"},
	{doc: cat, para: "30",
		text:   "Ensure that all cases of gender-based violence against women, including domestic violence, are thoroughly investigated, that perpetrators are prosecuted and that victims obtain redress.",
		themes: "Violence against women; " + tJustice, persons: "women", sdgs: "5.2 16.3", cluster: "women", gender: principal},
	{doc: cat, para: "34",
		text:   "Develop training programmes for law enforcement officials, judges, prosecutors and medical personnel on the provisions of the Convention and on the effective investigation and documentation of torture.",
		themes: "Human rights education and training; " + tTorture, sdgs: "16.3"},
	{doc: cat, para: "36",
		text:   "Ensure that all victims of torture and ill-treatment obtain redress, including fair and adequate compensation and the means for as full a rehabilitation as possible.",
		themes: tTorture + "; Right to an effective remedy", sdgs: "16.3", cluster: "justice"},

	// Special Rapporteur on adequate housing, country visit: A/HRC/55/53/Add.1.
	{doc: housing, para: "87 (a)",
		text:   "Recognize the right to adequate housing in the Constitution or in legislation, and ensure that it is justiciable.",
		themes: "Right to adequate housing", sdgs: "11.1", cluster: "esr"},
	{doc: housing, para: "87 (b)",
		text:   "Adopt a national housing strategy based on human rights, with time-bound targets, adequate budget allocations and independent monitoring.",
		themes: "Right to adequate housing", sdgs: "11.1", cluster: "esr", support: "muni"},
	{doc: housing, para: "87 (c)",
		text:   "Significantly increase public investment in social and affordable rental housing, giving priority to the households with the lowest incomes.",
		themes: "Right to adequate housing; Poverty", persons: "persons living in poverty", sdgs: "11.1 1.4", cluster: "esr"},
	{doc: housing, para: "87 (d)",
		text:   "Regulate short-term rentals and speculative investment in housing in order to protect the affordability of housing for residents.",
		themes: "Right to adequate housing; Business and human rights", sdgs: "11.1"},
	{doc: housing, para: "88 (a)",
		text:   "Prohibit evictions into homelessness and ensure that all evictions comply with international human rights standards, including adequate notice, access to legal aid and the provision of alternative accommodation.",
		themes: "Right to adequate housing; " + tJustice, persons: "homeless persons; persons living in poverty", sdgs: "11.1 1.4", cluster: "esr", support: "moj"},
	{doc: housing, para: "89 (a)",
		text:   "Adopt a strategy to end homelessness by 2030, based on the Housing First approach and developed with the participation of persons experiencing homelessness.",
		themes: "Right to adequate housing", persons: "homeless persons", sdgs: "11.1", cluster: "esr", lead: "muni", support: "mlsa"},
	{doc: housing, para: "89 (b)",
		text:   "Collect data on homelessness, disaggregated by sex, age, disability, ethnicity and migration status.",
		themes: "Right to adequate housing; Data collection and disaggregation", persons: "homeless persons", sdgs: "11.1 17.18", lead: "nso"},
	{doc: housing, para: "90",
		text:   "Upgrade the informal settlements inhabited mainly by persons belonging to minorities, in consultation with their residents, ensuring security of tenure and access to safe drinking water and sanitation.",
		themes: "Right to adequate housing; Minorities; Right to water and sanitation", persons: "minorities", sdgs: "11.1 6.1 6.2", cluster: "esr"},
	{doc: housing, para: "91 (a)",
		text:   "Prohibit discrimination in access to housing, including in the private rental market, on grounds such as ethnicity, migration status and disability, and give the equality body the mandate to address it.",
		themes: "Right to adequate housing; Equality and non-discrimination", persons: "minorities; migrants; persons with disabilities", sdgs: "10.3 11.1", cluster: "equality"},
	{doc: housing, para: "91 (b)",
		text:   "Increase the supply of accessible housing and support the independent living of persons with disabilities in the community.",
		themes: "Right to adequate housing; Persons with disabilities", persons: "persons with disabilities", sdgs: "11.1", cluster: "equality"},
	{doc: housing, para: "92",
		text:   "Guarantee priority access to safe and affordable housing for women and children leaving situations of domestic violence.",
		themes: "Right to adequate housing; Violence against women", persons: "women; children", sdgs: "11.1 5.2", cluster: "women esr", gender: principal},
	{doc: housing, para: "93",
		text:   "Ensure that housing provided to migrant workers by employers meets the standards of adequacy, and carry out regular labour and housing inspections.",
		themes: "Right to adequate housing; Migrants; Business and human rights", persons: "migrants", sdgs: "11.1 8.8", cluster: "migration", support: "mlsa"},
	{doc: housing, para: "94",
		text:   "Integrate the right to adequate housing into climate change adaptation and energy-efficiency policies, and ensure that renovation programmes do not displace low-income households.",
		themes: "Right to adequate housing; Environment", persons: "persons living in poverty", sdgs: "11.1 13.2"},
	{doc: housing, para: "95",
		text:   "Require developers and investors in the housing sector to exercise human rights due diligence, in line with the Guiding Principles on Business and Human Rights.",
		themes: "Business and human rights; Right to adequate housing", sdgs: "11.1 12.6"},
	{doc: housing, para: "96",
		text:   "Provide municipalities with the financial resources and technical capacity to implement the right to adequate housing at the local level.",
		themes: "Right to adequate housing", sdgs: "11.1 11.3", cluster: "esr", lead: "muni"},
}

// split cuts a list field at sep, dropping empty parts.
func split(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// demoRecords turns the lines into import records, checking the data as it goes.
func demoRecords() ([]record.Record, error) {
	entityTags, clusterTags := map[string]bool{}, map[string]bool{}
	for _, e := range demoEntities {
		entityTags[e.tag] = true
	}
	for _, c := range demoClusters {
		clusterTags[c.tag] = true
		if !entityTags[c.lead] {
			return nil, fmt.Errorf("cluster %q: unknown lead %q", c.name, c.lead)
		}
	}
	seen := map[string]bool{}
	recs := make([]record.Record, 0, len(lines))
	for i, l := range lines {
		key := l.doc.symbol + " " + l.para
		if seen[key] {
			return nil, fmt.Errorf("%s: listed twice", key)
		}
		seen[key] = true
		date, err := time.Parse(time.DateOnly, l.doc.date)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		if l.followUp != "" {
			if _, err := time.Parse(time.DateOnly, l.followUp); err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
		}
		for _, t := range split(l.cluster, " ") {
			if !clusterTags[t] {
				return nil, fmt.Errorf("%s: unknown cluster %q", key, t)
			}
		}
		for _, t := range append(split(l.lead, " "), split(l.support, " ")...) {
			if !entityTags[t] {
				return nil, fmt.Errorf("%s: unknown entity %q", key, t)
			}
		}
		var states []string
		for _, code := range split(l.by, " ") {
			if _, ok := reference.CountryByCode(code); !ok {
				return nil, fmt.Errorf("%s: unknown State %q", key, code)
			}
			states = append(states, code)
		}
		typ := record.TypeRecommendation
		if l.concern {
			typ = record.TypeConcern
		}
		recs = append(recs, record.Record{
			Row:       i + 1,
			Mechanism: l.doc.mechanism, Body: l.doc.body, DocumentSymbol: l.doc.symbol, DocumentDate: date,
			Cycle: l.doc.cycle, Session: l.doc.session,
			Paragraph: l.para, Text: l.text, Type: typ,
			RecommendingStates: states, Position: l.pos,
			Themes: split(l.themes, ";"), AffectedPersons: split(l.persons, ";"), SDGTargets: split(l.sdgs, " "),
			Language: "en",
		})
	}
	return recs, nil
}

// loadRecommendations gives a State the demo recommendations, entities and clusters and
// the NMRF's work on them, or brings them back to that form. Loading twice changes nothing.
// The State is the tenant's: the records name no State, so the importer takes tenantCode.
func loadRecommendations(ctx context.Context, pool *pgxpool.Pool, tenantID int64, tenantCode string) error {
	recs, err := demoRecords()
	if err != nil {
		return fmt.Errorf("demo recommendations: %w", err)
	}
	if _, err := importer.NewService(pool).RunRecords(ctx, tenantID, 0, tenantCode, recs); err != nil {
		return fmt.Errorf("import demo recommendations: %w", err)
	}
	entities, err := ensureEntities(ctx, pool, tenantID)
	if err != nil {
		return fmt.Errorf("demo entities: %w", err)
	}
	clusters, err := ensureClusters(ctx, pool, tenantID, entities)
	if err != nil {
		return fmt.Errorf("demo clusters: %w", err)
	}
	ids, err := recommendationIDs(ctx, pool, tenantID)
	if err != nil {
		return fmt.Errorf("demo recommendation ids: %w", err)
	}

	members := map[int64][]int64{}                            // cluster → recommendations
	leads, supports := map[int64]int64{}, map[int64][]int64{} // recommendation → entity, entity → recommendations
	genders := map[marker][]int64{}
	followUps := map[int64]time.Time{}
	for _, l := range lines {
		id := ids[l.doc.symbol+"\x00"+l.para]
		for _, t := range split(l.cluster, " ") {
			members[clusters[t]] = append(members[clusters[t]], id)
		}
		if l.lead != "" {
			leads[id] = entities[l.lead]
		}
		for _, t := range split(l.support, " ") {
			supports[entities[t]] = append(supports[entities[t]], id)
		}
		if l.gender != unassessed {
			genders[l.gender] = append(genders[l.gender], id)
		}
		if l.followUp != "" {
			followUps[id], _ = time.Parse(time.DateOnly, l.followUp)
		}
	}

	// Cluster membership and follow-up flags, in one transaction.
	err = db.InTenant(ctx, pool, tenantID, 0, func(tx pgx.Tx) error {
		for clusterID, recIDs := range members {
			if _, err := cluster.AddRecommendations(ctx, tx, tenantID, clusterID, recIDs); err != nil {
				return err
			}
		}
		for id, due := range followUps {
			if _, err := tx.Exec(ctx, `
UPDATE recommendations SET follow_up = true, follow_up_due = $3, version = version + 1, updated_at = now()
WHERE tenant_id = $1 AND id = $2 AND (NOT follow_up OR follow_up_due IS DISTINCT FROM $3)`, tenantID, id, due); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("demo clusters and follow-up: %w", err)
	}

	// Responsibility and gender markers, through the same bulk actions staff use. A lead
	// is only set where it is not already the demo's, so a second load touches nothing.
	store := recommendation.NewStore(pool)
	current, err := currentLeads(ctx, pool, tenantID)
	if err != nil {
		return fmt.Errorf("demo leads: %w", err)
	}
	byLead := map[int64][]int64{}
	for id, entityID := range leads {
		if current[id] != entityID {
			byLead[entityID] = append(byLead[entityID], id)
		}
	}
	bulk := func(ids []int64, a recommendation.BulkAction) error {
		if len(ids) == 0 {
			return nil
		}
		slices.Sort(ids)
		_, err := store.Bulk(ctx, tenantID, 0, ids, false, recommendation.Filter{}, a)
		return err
	}
	for entityID, recIDs := range byLead {
		if err := bulk(recIDs, recommendation.BulkAction{Kind: recommendation.BulkSetLead, EntityID: entityID}); err != nil {
			return fmt.Errorf("demo leads: %w", err)
		}
	}
	for entityID, recIDs := range supports {
		if err := bulk(recIDs, recommendation.BulkAction{Kind: recommendation.BulkAddSupporting, EntityID: entityID}); err != nil {
			return fmt.Errorf("demo supporting entities: %w", err)
		}
	}
	for m, recIDs := range genders {
		g := int(m) - 1
		if err := bulk(recIDs, recommendation.BulkAction{Kind: recommendation.BulkSetGender, Gender: &g}); err != nil {
			return fmt.Errorf("demo gender markers: %w", err)
		}
	}
	return nil
}

// ensureEntities creates the demo entities a State lacks, restores the acronym and kind
// of those it has, and returns their ids by tag.
func ensureEntities(ctx context.Context, pool *pgxpool.Pool, tenantID int64) (map[string]int64, error) {
	store := entity.NewStore(pool)
	list, err := store.List(ctx, tenantID, 0)
	if err != nil {
		return nil, err
	}
	byName := map[string]entity.Entity{}
	for _, e := range list {
		byName[e.Name] = e
	}
	ids := map[string]int64{}
	for _, d := range demoEntities {
		in := entity.Input{Name: d.name, Acronym: d.acronym, Kind: d.kind}
		e, ok := byName[d.name]
		switch {
		case !ok:
			if e, err = store.Create(ctx, tenantID, 0, in); err != nil {
				return nil, fmt.Errorf("%s: %w", d.name, err)
			}
		case e.Acronym != d.acronym || e.Kind != d.kind:
			if err := store.Update(ctx, tenantID, 0, e.ID, in); err != nil {
				return nil, fmt.Errorf("%s: %w", d.name, err)
			}
		}
		ids[d.tag] = e.ID
	}
	return ids, nil
}

// ensureClusters creates the demo clusters a State lacks, restores the description and
// lead entity of those it has, and returns their ids by tag.
func ensureClusters(ctx context.Context, pool *pgxpool.Pool, tenantID int64, entities map[string]int64) (map[string]int64, error) {
	store := cluster.NewStore(pool)
	list, err := store.List(ctx, tenantID, 0)
	if err != nil {
		return nil, err
	}
	byName := map[string]cluster.Cluster{}
	for _, c := range list {
		byName[c.Name] = c
	}
	ids := map[string]int64{}
	for _, d := range demoClusters {
		in := cluster.Input{Name: d.name, Description: d.description, LeadEntityID: entities[d.lead]}
		c, ok := byName[d.name]
		switch {
		case !ok:
			if c, err = store.Create(ctx, tenantID, 0, in); err != nil {
				return nil, fmt.Errorf("%s: %w", d.name, err)
			}
		case c.Description != d.description || c.LeadEntityID != in.LeadEntityID:
			in.Version = c.Version
			if err := store.Update(ctx, tenantID, 0, c.ID, in); err != nil {
				return nil, fmt.Errorf("%s: %w", d.name, err)
			}
		}
		ids[d.tag] = c.ID
	}
	return ids, nil
}

// recommendationIDs finds every demo line's recommendation by its document symbol and
// paragraph; the key is symbol, NUL, paragraph.
func recommendationIDs(ctx context.Context, pool *pgxpool.Pool, tenantID int64) (map[string]int64, error) {
	symbols := []string{}
	for _, l := range lines {
		if !slices.Contains(symbols, l.doc.symbol) {
			symbols = append(symbols, l.doc.symbol)
		}
	}
	found := map[string]int64{}
	err := db.InTenant(ctx, pool, tenantID, 0, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
SELECT d.symbol, r.paragraph, r.id FROM recommendations r
JOIN documents d ON d.tenant_id = r.tenant_id AND d.id = r.document_id
WHERE r.tenant_id = $1 AND d.symbol = ANY($2)`, tenantID, symbols)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var symbol, para string
			var id int64
			if err := rows.Scan(&symbol, &para, &id); err != nil {
				return err
			}
			found[symbol+"\x00"+para] = id
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	for _, l := range lines {
		if found[l.doc.symbol+"\x00"+l.para] == 0 {
			return nil, fmt.Errorf("%s %s was not imported", l.doc.symbol, l.para)
		}
	}
	return found, nil
}

// currentLeads returns each recommendation's lead entity.
func currentLeads(ctx context.Context, pool *pgxpool.Pool, tenantID int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	err := db.InTenant(ctx, pool, tenantID, 0, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT recommendation_id, entity_id FROM recommendation_entities
			WHERE tenant_id = $1 AND role = 'lead'`, tenantID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var rec, ent int64
			if err := rows.Scan(&rec, &ent); err != nil {
				return err
			}
			out[rec] = ent
		}
		return rows.Err()
	})
	return out, err
}
