package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/db"
	"github.com/nmrf-platform/nmrf/internal/indicator"
	"github.com/nmrf-platform/nmrf/internal/plan"
	"github.com/nmrf-platform/nmrf/internal/progress"
)

// Arcadia's implementation plan, its indicators and the focal points' progress reports
// are written for the demo, as are the recommendations. The data are fictional; they are
// set around 27 November 2026, so some actions are overdue and some due soon.

// staffEmail is the NMRF officer who builds the plan and reviews the reports.
const staffEmail = "nmrf.staff@arcadia.example"

// focalPoints gives each demo focal point the entity (by tag) they report for.
var focalPoints = map[string]string{
	"focal.justice@arcadia.example":    "moj",
	"focal.health@arcadia.example":     "moh",
	"focal.labour@arcadia.example":     "mlsa",
	"focal.gender@arcadia.example":     "geo",
	"focal.statistics@arcadia.example": "nso",
}

const planTitle = "National implementation plan 2023–2027"

const planStart, planEnd = "2023-01-01", "2027-12-31"

// demoMilestone is a dated step of an action.
type demoMilestone struct {
	title, due string
	done       bool
}

// demoAction is one action of the plan written for the demo. recs are recommendations of
// its cluster, each as document symbol, a space and paragraph.
type demoAction struct {
	cluster, title, description, outcome string
	lead, support                        string // entity tags; support separated by spaces
	start, due                           string
	budget                               float64 // in euros; 0 for none
	funding                              string
	status, reason                       string
	gender                               marker
	genderNote                           string
	gaps                                 string
	assistance                           string // kinds separated by spaces
	recs                                 []string
	milestones                           []demoMilestone
}

var demoActions = []demoAction{
	// International instruments and cooperation.
	{cluster: "intl", title: "Ratify the Optional Protocol to the Convention against Torture",
		description: "Complete the legal analysis, submit the ratification bill to Parliament and deposit the instrument of ratification.",
		outcome:     "Arcadia is a party to the Optional Protocol and has designated its national preventive mechanism.",
		lead:        "mfa", support: "moj parl", start: "2023-03-01", due: "2025-12-31",
		status: "partially_implemented", gender: notTargeted,
		recs: []string{"A/HRC/39/12 118.1", "A/HRC/55/10 123.1", "CAT/C/XAR/CO/4 14"},
		milestones: []demoMilestone{
			{"Inter-ministerial analysis of the Optional Protocol completed", "2023-09-30", true},
			{"Ratification bill submitted to Parliament", "2024-10-31", true},
			{"Ratification bill adopted by Parliament", "2025-12-31", false},
		}},
	{cluster: "intl", title: "Amend the Human Rights Commission Act to meet the Paris Principles",
		description: "Revise the selection of commissioners, guarantee the Commission's financial autonomy and give it the mandate to visit places of deprivation of liberty.",
		outcome:     "The Human Rights Commission applies for accreditation with A status.",
		lead:        "moj", support: "parl mfa", start: "2023-06-01", due: "2026-06-30",
		budget: 350000, funding: "State budget (additional posts for the Commission)",
		status: "in_progress", gender: notTargeted,
		gaps:       "No in-house expertise on the accreditation process of the Global Alliance of National Human Rights Institutions.",
		assistance: "advisory peer_exchange",
		recs:       []string{"A/HRC/39/12 118.10", "A/HRC/55/10 123.9", "CAT/C/XAR/CO/4 12"}},
	{cluster: "intl", title: "Clear the backlog of overdue treaty-body reports",
		description: "Draft and submit the overdue reports with the line ministries and the statistics office, and publish a reporting calendar.",
		outcome:     "No report to a treaty body is overdue.",
		lead:        "mfa", support: "nso", start: "2023-01-15", due: "2025-06-30",
		status: "fully_implemented", gender: notTargeted,
		recs: []string{"A/HRC/39/12 118.8", "A/HRC/55/10 123.8"},
		milestones: []demoMilestone{
			{"Initial report to the Committee on Economic, Social and Cultural Rights submitted", "2024-06-30", true},
			{"Combined periodic reports to the Committee on the Elimination of Racial Discrimination submitted", "2025-06-30", true},
		}},
	{cluster: "intl", title: "Strengthen the national mechanism for reporting and follow-up and its information system",
		description: "Give the mechanism a standing secretariat, a network of focal points in every ministry and an online tool to track recommendations, actions and indicators.",
		outcome:     "Every recommendation has a responsible entity, and progress is reported twice a year.",
		lead:        "mfa", support: "nso", start: "2023-01-01", due: "2027-06-30",
		budget: 180000, funding: "State budget and OHCHR technical cooperation",
		status: "in_progress", gender: significant,
		genderNote: "Focal points are asked to report on women and men separately wherever data allow.",
		gaps:       "Two of the five posts of the secretariat are vacant; focal points have no working time set aside for reporting.",
		assistance: "advisory consultant",
		recs:       []string{"A/HRC/39/12 118.9", "A/HRC/55/10 123.7"},
		milestones: []demoMilestone{
			{"Decree establishing the mechanism and its focal points adopted", "2023-06-30", true},
			{"Online tracking tool in use by all ministries", "2025-03-31", true},
			{"Second public progress report published", "2027-03-31", false},
		}},
	{cluster: "intl", title: "Ratify the International Convention on the Protection of the Rights of All Migrant Workers",
		description: "Examine the Convention and the changes to national law its ratification would require.",
		outcome:     "A decision on ratification, explained to the Human Rights Council.",
		lead:        "mfa", support: "mlsa moi", start: "2023-01-01", due: "2024-12-31",
		status: "not_implementable",
		reason: "The Government examined the Convention in 2024 and concluded that it cannot be ratified within this plan's period: " +
			"ratification would require amendments to the Aliens Act that Parliament rejected in March 2024. The recommendation was noted; " +
			"the protection of migrant workers is pursued through the labour inspection action in the migration cluster.",
		gender: notTargeted,
		recs:   []string{"A/HRC/39/12 118.2", "A/HRC/55/10 123.2"}},

	// Equality and non-discrimination.
	{cluster: "equality", title: "Adopt a comprehensive anti-discrimination law and establish an independent equality body",
		description: "Prepare the law with civil society, have it adopted, and set up the equality body with its own budget and staff.",
		outcome:     "Victims of discrimination on any ground can turn to an independent body that can investigate and litigate.",
		lead:        "moj", support: "parl mlsa", start: "2023-01-01", due: "2026-03-31",
		budget: 1200000, funding: "State budget (first two years of the equality body)",
		status: "partially_implemented", gender: significant,
		genderNote: "The law covers intersecting discrimination, including against women belonging to minorities.",
		recs:       []string{"A/HRC/39/12 118.12", "A/HRC/55/10 123.10", "A/HRC/55/53/Add.1 91 (a)"},
		milestones: []demoMilestone{
			{"Draft law published for public consultation", "2023-09-30", true},
			{"Law adopted by Parliament", "2025-05-31", true},
			{"Equality body operational, with its board appointed", "2026-03-31", false},
		}},
	{cluster: "equality", title: "Adopt the national action plan against racism and racial discrimination 2025–2029",
		description: "Draft the plan with the communities concerned, with measurable targets and a budget for each measure.",
		outcome:     "A plan against racism with targets, a budget and an annual public report.",
		lead:        "moj", support: "moi moe muni", start: "2023-09-01", due: "2025-03-31",
		status: "fully_implemented", gender: significant,
		recs: []string{"A/HRC/39/12 118.13", "A/HRC/39/12 118.14", "A/HRC/55/10 123.11"}},
	{cluster: "equality", title: "Carry out the deinstitutionalisation strategy for persons with disabilities",
		description: "Move residents of large institutions to community-based housing with personal support, and stop new admissions.",
		outcome:     "Persons with disabilities live independently in the community, with the support they choose.",
		lead:        "mlsa", support: "moh muni", start: "2024-01-01", due: "2027-12-31",
		budget: 4500000, funding: "State budget and a development loan",
		status: "in_progress", gender: significant,
		genderNote: "Women with disabilities in institutions are at higher risk of violence; the support services include protection measures.",
		gaps:       "Municipalities lack trained staff for community-based support services.",
		assistance: "training peer_exchange",
		recs:       []string{"A/HRC/55/10 123.15", "A/HRC/39/12 118.18", "A/HRC/55/53/Add.1 91 (b)"},
		milestones: []demoMilestone{
			{"Strategy adopted by the Government", "2024-06-30", true},
			{"First 150 residents moved to community-based housing", "2026-06-30", false},
		}},
	{cluster: "equality", title: "Make public transport, buildings and information accessible to persons with disabilities",
		description: "Audit the accessibility of municipal buildings and transport, and fund the works in a priority order agreed with organisations of persons with disabilities.",
		outcome:     "All new and renovated public buildings and vehicles are accessible.",
		lead:        "muni", support: "mlsa", start: "2026-01-01", due: "2027-12-31",
		budget: 2500000, funding: "Municipal budgets and the State investment fund",
		status: "not_started", gender: notTargeted,
		recs: []string{"A/HRC/55/10 123.16"}},

	// Rights of women.
	{cluster: "women", title: "Amend the Criminal Code to define rape on the basis of lack of consent",
		description: "Draft and have adopted an amendment to the Criminal Code, and train judges and prosecutors on the new definition.",
		outcome:     "Rape is defined by the absence of free consent, and all justice professionals know the new definition.",
		lead:        "moj", support: "geo parl", start: "2023-01-01", due: "2024-12-31",
		status: "fully_implemented", gender: principal,
		recs: []string{"A/HRC/55/10 123.17", "CEDAW/C/XAR/CO/8 21 (a)"},
		milestones: []demoMilestone{
			{"Amendment adopted by Parliament", "2024-06-30", true},
			{"Judges and prosecutors trained on the new definition", "2024-12-31", true},
		}},
	{cluster: "women", title: "National action plan to prevent and combat violence against women 2024–2028",
		description: "Adopt and fund a new plan covering prevention, protection, prosecution and coordination, monitored by the Gender Equality Office.",
		outcome:     "Fewer women experience violence, and those who do are protected and supported.",
		lead:        "geo", support: "moi moj moh muni", start: "2023-06-01", due: "2027-12-31",
		budget: 6800000, funding: "State budget",
		status: "in_progress", gender: principal,
		recs: []string{"A/HRC/55/10 123.18", "CEDAW/C/XAR/CO/8 20", "A/HRC/39/12 118.20"},
		milestones: []demoMilestone{
			{"Action plan adopted with its own budget line", "2024-03-31", true},
			{"Mid-term evaluation by an independent evaluator", "2026-06-30", false},
		}},
	{cluster: "women", title: "Open shelters for women victims of violence in every region",
		description: "Fund new shelter places run by specialised organisations, so that every region has at least one shelter accessible to women with disabilities.",
		outcome:     "One family place per 10,000 inhabitants, in every region.",
		lead:        "geo", support: "muni mlsa", start: "2023-04-01", due: "2026-12-31",
		budget: 3200000, funding: "State budget and municipal budgets",
		status: "partially_implemented", gender: principal,
		gaps:       "Three rural regions have no organisation able to run a shelter, and staff turnover is high.",
		assistance: "training",
		recs:       []string{"CEDAW/C/XAR/CO/8 21 (b)", "A/HRC/39/12 118.21", "A/HRC/55/53/Add.1 92"},
		milestones: []demoMilestone{
			{"Agreements signed with the municipalities of the six largest regions", "2024-06-30", true},
			{"Shelters open in all twelve regions", "2026-12-31", false},
		}},
	{cluster: "women", title: "Introduce pay transparency and enforce equal pay for work of equal value",
		description: "Require employers with 50 or more employees to publish their gender pay gap, and train labour inspectors to audit pay systems.",
		outcome:     "The gender pay gap falls to 10 per cent by 2027.",
		lead:        "mlsa", support: "geo", start: "2024-01-01", due: "2027-06-30",
		status: "in_progress", gender: principal,
		recs: []string{"A/HRC/39/12 118.22", "A/HRC/55/10 123.20", "CEDAW/C/XAR/CO/8 31"},
		milestones: []demoMilestone{
			{"Pay transparency bill submitted to Parliament", "2025-09-30", true},
			{"Labour inspectors trained on equal pay audits", "2026-12-15", false},
		}},
	{cluster: "women", title: "Temporary special measures for women's representation in Parliament and public decision-making",
		description: "Propose a statutory quota for electoral lists and targets for women on the boards of public companies.",
		outcome:     "Women hold at least 40 per cent of the seats in Parliament after the 2027 elections.",
		lead:        "parl", support: "geo", start: "2025-01-01", due: "2027-09-30",
		status: "not_started", gender: principal,
		recs: []string{"A/HRC/39/12 118.23", "CEDAW/C/XAR/CO/8 16"}},

	// Rights of the child.
	{cluster: "child", title: "Free and universal birth registration, including through mobile units",
		description: "Abolish registration fees, send mobile registration units to remote areas, and let parents without residence papers register their children safely.",
		outcome:     "Every child born in Arcadia is registered, wherever and to whomever they are born.",
		lead:        "moi", support: "muni moh", start: "2023-03-01", due: "2025-12-31",
		budget: 450000, funding: "State budget",
		status: "partially_implemented", gender: notTargeted,
		recs: []string{"A/HRC/39/12 118.24", "A/HRC/55/10 123.23", "CRC/C/XAR/CO/5-6 17"},
		milestones: []demoMilestone{
			{"Registration fees abolished", "2023-12-31", true},
			{"Mobile registration units operating in the four remote regions", "2025-06-30", true},
			{"Registrars no longer report undocumented parents to the immigration authorities", "2025-12-31", false},
		}},
	{cluster: "child", title: "Prohibit corporal punishment of children in all settings",
		description: "Amend the Family Code and run a national campaign on positive parenting.",
		outcome:     "Corporal punishment is prohibited by law in the home and in alternative care.",
		lead:        "moj", support: "mlsa parl", start: "2023-01-01", due: "2024-06-30",
		status: "fully_implemented", gender: notTargeted,
		recs: []string{"A/HRC/39/12 118.25", "CRC/C/XAR/CO/5-6 19 (a)"}},
	{cluster: "child", title: "Adopt and carry out a child protection strategy against all forms of violence",
		description: "Set up multi-agency child protection teams in every region and a single reporting line, including for online sexual exploitation.",
		outcome:     "Violence against children is reported, and every report is followed up within 48 hours.",
		lead:        "mlsa", support: "moi moe moh", start: "2024-01-01", due: "2027-03-31",
		budget: 2100000, funding: "State budget",
		status: "in_progress", gender: significant,
		genderNote: "Girls are most at risk of sexual exploitation online; boys are less likely to report abuse.",
		assistance: "advisory",
		recs:       []string{"A/HRC/55/10 123.24", "CRC/C/XAR/CO/5-6 6"},
		milestones: []demoMilestone{
			{"Strategy adopted", "2024-09-30", true},
			{"Child protection teams working in all regions", "2026-09-30", false},
		}},
	{cluster: "child", title: "Reduce school dropout among minority and migrant children",
		description: "Fund school mediators, free school meals and catch-up classes in the schools with the highest dropout.",
		outcome:     "Early school leaving falls to 7 per cent, and the gap for minority and migrant children halves.",
		lead:        "moe", support: "muni mlsa", start: "2023-09-01", due: "2027-08-31",
		budget: 1600000, funding: "State budget",
		status: "in_progress", gender: significant,
		genderNote: "Boys leave school earlier than girls; girls from some minority communities leave at marriage age.",
		recs:       []string{"CRC/C/XAR/CO/5-6 33", "CRC/C/XAR/CO/5-6 15"}},

	// Administration of justice and detention.
	{cluster: "justice", title: "Reduce prison overcrowding through non-custodial measures",
		description: "Extend the probation service to every court district and make electronic monitoring available as an alternative to pre-trial detention.",
		outcome:     "No prison holds more people than its official capacity.",
		lead:        "moj", support: "prisons court", start: "2023-01-01", due: "2026-06-30",
		budget: 900000, funding: "State budget",
		status: "partially_implemented", gender: notTargeted,
		recs: []string{"A/HRC/39/12 118.28", "A/HRC/55/10 123.27", "CAT/C/XAR/CO/4 18"},
		milestones: []demoMilestone{
			{"Probation service present in all court districts", "2024-12-31", true},
			{"Electronic monitoring available as an alternative to pre-trial detention", "2025-12-31", true},
			{"Prison population at or below official capacity", "2026-06-30", false},
		}},
	{cluster: "justice", title: "Establish an independent mechanism to investigate complaints against the police",
		description: "Create by law a body outside the police and the prosecution service to investigate complaints of ill-treatment, with its own investigators.",
		outcome:     "Every complaint of ill-treatment by a law enforcement official is investigated promptly and independently.",
		lead:        "moj", support: "moi parl", start: "2024-01-01", due: "2026-12-31",
		budget: 750000, funding: "State budget",
		status: "in_progress", gender: notTargeted,
		gaps:       "No investigators with forensic training outside the police.",
		assistance: "training peer_exchange",
		recs:       []string{"A/HRC/55/10 123.28", "A/HRC/39/12 118.29", "CAT/C/XAR/CO/4 16 (a)"},
		milestones: []demoMilestone{
			{"Bill on the independent complaints body approved by the Government", "2025-10-31", true},
			{"Bill adopted by Parliament", "2026-10-31", false},
		}},
	{cluster: "justice", title: "Guarantee fundamental legal safeguards from the outset of deprivation of liberty",
		description: "Inform every detained person of their rights in a language they understand, give access to a lawyer and a doctor from the outset, and keep digital custody records.",
		outcome:     "Every person in police custody can see a lawyer and inform a relative from the first hour.",
		lead:        "moi", support: "moj", start: "2023-03-01", due: "2024-12-31",
		status: "fully_implemented", gender: notTargeted,
		recs: []string{"A/HRC/39/12 118.30", "CAT/C/XAR/CO/4 10 (a)"},
		milestones: []demoMilestone{
			{"Custody records digitised in all police stations", "2024-09-30", true},
		}},
	{cluster: "justice", title: "Raise the minimum age of criminal responsibility to 14 years",
		description: "Amend the Criminal Code and develop diversion measures for children below the new age.",
		outcome:     "No child under 14 is prosecuted.",
		lead:        "moj", support: "mlsa parl", start: "2023-06-01", due: "2025-06-30",
		status: "not_implementable",
		reason: "Parliament rejected the bill raising the age to 14 in June 2025. Within this plan the Government will extend diversion " +
			"and mediation for children aged 12 and 13, and will table the question again after the 2027 elections.",
		gender: notTargeted,
		recs:   []string{"CRC/C/XAR/CO/5-6 38 (b)", "CRC/C/XAR/CO/5-6 38 (d)"}},

	// Civic space.
	{cluster: "civic", title: "Decriminalise defamation",
		description: "Repeal the criminal defamation articles and move defamation to the Civil Code, with proportionate damages.",
		outcome:     "No journalist or citizen can be imprisoned for defamation.",
		lead:        "moj", support: "parl", start: "2025-01-01", due: "2026-06-30",
		status: "not_started", gender: notTargeted,
		recs: []string{"A/HRC/39/12 118.32", "A/HRC/55/10 123.31"}},
	{cluster: "civic", title: "Protect journalists through a rapid response protocol and prosecution guidelines",
		description: "Agree a protocol between the police and media organisations for threats against journalists, and issue guidelines to prosecutors.",
		outcome:     "Every attack on a journalist is investigated, and those responsible are prosecuted.",
		lead:        "moi", support: "moj", start: "2023-06-01", due: "2026-12-31",
		status: "in_progress", gender: significant,
		genderNote: "Women journalists face online harassment more often; the protocol covers online threats.",
		recs:       []string{"A/HRC/39/12 118.33", "A/HRC/55/10 123.32"}},
	{cluster: "civic", title: "Adopt a law on human rights defenders and a protection mechanism",
		description: "Draft a law recognising human rights defenders, with a protection mechanism in which civil society takes part.",
		outcome:     "Human rights defenders at risk obtain protection within 72 hours.",
		lead:        "moj", support: "moi", start: "2026-01-01", due: "2027-12-31",
		status:     "not_started",
		gaps:       "No experience in the public administration of running a protection mechanism.",
		assistance: "advisory peer_exchange",
		recs:       []string{"A/HRC/39/12 118.34", "A/HRC/55/10 123.33"}},

	// Economic and social rights.
	{cluster: "esr", title: "Reform the child benefit for single-parent and low-income families",
		description: "Raise the child benefit for the lowest incomes, add a supplement for single parents, and pay it automatically from tax data.",
		outcome:     "The poverty rate of families with children falls below the national average.",
		lead:        "mlsa", support: "nso", start: "2023-01-01", due: "2024-12-31",
		budget: 38000000, funding: "State budget (yearly cost)",
		status: "fully_implemented", gender: significant,
		genderNote: "Nine in ten single parents in Arcadia are women.",
		recs:       []string{"CRC/C/XAR/CO/5-6 31", "A/HRC/39/12 118.40", "A/HRC/55/10 123.41"},
		milestones: []demoMilestone{
			{"Amendment to the Family Benefits Act adopted", "2023-11-30", true},
			{"Benefit paid automatically to all eligible families", "2024-12-31", true},
		}},
	{cluster: "esr", title: "Move towards universal health coverage and reduce out-of-pocket payments",
		description: "Cover uninsured residents, including migrants, under the national health insurance, and cap co-payments for outpatient medicines.",
		outcome:     "Out-of-pocket payments fall to a fifth of health spending.",
		lead:        "moh", support: "mlsa", start: "2023-01-01", due: "2027-12-31",
		budget: 12500000, funding: "National health insurance fund",
		status: "in_progress", gender: notTargeted,
		recs: []string{"A/HRC/55/10 123.43", "A/HRC/39/12 118.41"}},
	{cluster: "esr", title: "Sexual and reproductive health services and information for adolescents",
		description: "Open youth-friendly services in primary health centres and revise the school curriculum on sexuality education.",
		outcome:     "Adolescents in every region can obtain confidential advice and modern contraception free of charge.",
		lead:        "moh", support: "moe", start: "2023-09-01", due: "2026-09-30",
		status: "partially_implemented", gender: principal,
		recs: []string{"A/HRC/39/12 118.42"}},
	{cluster: "esr", title: "Adopt and carry out a national housing strategy based on human rights",
		description: "Adopt a strategy with time-bound targets for social housing and homelessness, and give municipalities the means to carry it out.",
		outcome:     "10,000 new social rental homes by 2030, and an end to street homelessness.",
		lead:        "mlsa", support: "muni nso", start: "2024-03-01", due: "2027-12-31",
		budget: 25000000, funding: "State budget and municipal budgets",
		status: "in_progress", gender: significant,
		gaps:       "There are no national data on homelessness yet.",
		assistance: "advisory consultant",
		recs: []string{"A/HRC/55/53/Add.1 87 (b)", "A/HRC/55/53/Add.1 87 (c)", "A/HRC/55/53/Add.1 89 (a)",
			"A/HRC/55/53/Add.1 96", "A/HRC/55/10 123.42"},
		milestones: []demoMilestone{
			{"Housing strategy adopted", "2024-12-31", true},
			{"First national count of homeless persons", "2026-03-31", true},
			{"First 2,500 social rental homes completed", "2027-12-31", false},
		}},

	// Migration and trafficking.
	{cluster: "migration", title: "Implement the national action plan against trafficking in persons",
		description: "Train labour inspectors, police and social workers to identify victims, and fund specialised assistance regardless of cooperation with the prosecution.",
		outcome:     "More victims are identified early and receive assistance.",
		lead:        "moi", support: "mlsa geo moj", start: "2023-01-01", due: "2027-12-31",
		budget: 1100000, funding: "State budget",
		status: "in_progress", gender: significant,
		genderNote: "Most identified victims are women and girls trafficked for sexual exploitation; men are mostly exploited in agriculture and construction.",
		recs:       []string{"A/HRC/39/12 118.36", "A/HRC/55/10 123.36", "CEDAW/C/XAR/CO/8 23"},
		milestones: []demoMilestone{
			{"National referral mechanism adopted", "2023-12-31", true},
			{"2,000 front-line officers trained on identification", "2025-12-31", true},
		}},
	{cluster: "migration", title: "End the immigration detention of children",
		description: "Prohibit the detention of migrant children by law and open open-door family units as an alternative.",
		outcome:     "No child is held in immigration detention.",
		lead:        "moi", support: "mlsa", start: "2023-06-01", due: "2025-12-31",
		status: "partially_implemented", gender: notTargeted,
		recs: []string{"A/HRC/39/12 118.38", "A/HRC/55/10 123.38", "CAT/C/XAR/CO/4 28"}},
	{cluster: "migration", title: "Inspect the working and housing conditions of migrant workers in agriculture and domestic work",
		description: "Give labour inspectors the mandate to enter farms and employer-provided housing, and run joint inspections in the harvest season.",
		outcome:     "Migrant workers can report exploitation without fear of expulsion.",
		lead:        "mlsa", support: "moi", start: "2026-09-01", due: "2027-09-30",
		status: "not_started", gender: significant,
		recs: []string{"A/HRC/55/10 123.37", "A/HRC/55/53/Add.1 93"}},
}

// changesAfterAdoption are what happened to the plan after it was adopted, so that its
// comparison with the adopted plan shows something. Each applies only to an action still
// as adopted, so loading again changes nothing.
var changesAfterAdoption = []struct {
	title   string
	applies func(plan.Action) bool
	change  func(*plan.ActionInput)
}{
	// The bill on the police complaints body went to Parliament later than planned.
	{"Establish an independent mechanism to investigate complaints against the police",
		func(a plan.Action) bool { return a.DueDate != nil && a.DueDate.Format(time.DateOnly) == "2026-12-31" },
		func(in *plan.ActionInput) { d := mustDate("2027-06-30"); in.DueDate = &d }},
	// Parliament's committee began the work on quotas before the plan foresaw.
	{"Temporary special measures for women's representation in Parliament and public decision-making",
		func(a plan.Action) bool { return a.Status == "not_started" },
		func(in *plan.ActionInput) { in.Status = "in_progress" }},
}

// demoDeadline is a mechanism's date in the plan's calendar.
type demoDeadline struct{ title, kind, body, due string }

var demoDeadlines = []demoDeadline{
	{"Fifth review of Arcadia by the Universal Periodic Review", "upr_review", "Human Rights Council", "2027-11-08"},
	{"Voluntary mid-term report on the fourth UPR cycle", "mid_term_report", "Human Rights Council", "2025-06-30"},
	{"Ninth periodic report to the Committee on the Elimination of Discrimination against Women", "treaty_report", "CEDAW", "2026-10-31"},
	{"Follow-up reply to the Committee against Torture", "follow_up_reply", "CAT", "2025-05-12"},
}

// demoSeries is one line of an indicator's values, from its first year on: the total
// (ground "") or one breakdown.
type demoSeries struct {
	ground, value string
	values        []float64
}

// demoIndicator is an indicator with its values. The baseline is the total's first value.
type demoIndicator struct {
	title, typ, unit, direction string
	source, dataSource          string // source entity tag, and the data source as staff wrote it
	grounds                     string // separated by spaces
	sdg                         string
	target                      float64
	years                       []int
	series                      []demoSeries
	notes                       map[int]string // notes on the total, by year
	recs                        []string
	action                      string // the title of the action it measures
}

var (
	fiveYears  = []int{2020, 2021, 2022, 2023, 2024}
	everyOther = []int{2020, 2022, 2024}
)

var demoIndicators = []demoIndicator{
	{title: "Ever-partnered women aged 15 and over subjected to physical or sexual violence by a current or former partner in the previous 12 months",
		typ: "outcome", unit: "%", direction: "lower", source: "nso",
		dataSource: "National Statistics Office, survey on violence against women (every two years)",
		grounds:    "age_group urban_rural", sdg: "5.2.1", target: 6, years: everyOther,
		series: []demoSeries{
			{"", "", []float64{9.8, 9.1, 8.4}},
			{"age_group", "15-24", []float64{12.6, 11.9, 11.2}},
			{"age_group", "25-49", []float64{10.4, 9.6, 8.8}},
			{"age_group", "50+", []float64{6.1, 5.8, 5.3}},
			{"urban_rural", "urban", []float64{8.9, 8.3, 7.7}},
			{"urban_rural", "rural", []float64{11.5, 10.6, 9.9}},
		},
		recs:   []string{"A/HRC/55/10 123.18", "CEDAW/C/XAR/CO/8 21 (c)"},
		action: "National action plan to prevent and combat violence against women 2024–2028"},
	{title: "Shelter places for women victims of violence per 10,000 inhabitants",
		typ: "process", unit: "places per 10,000 inhabitants", direction: "higher", source: "geo",
		dataSource: "Gender Equality Office, register of shelters", target: 1, years: fiveYears,
		series: []demoSeries{{"", "", []float64{0.42, 0.45, 0.51, 0.63, 0.71}}},
		recs:   []string{"CEDAW/C/XAR/CO/8 21 (b)", "A/HRC/39/12 118.21"},
		action: "Open shelters for women victims of violence in every region"},
	{title: "Gender pay gap in gross hourly earnings (unadjusted)",
		typ: "outcome", unit: "%", direction: "lower", source: "nso",
		dataSource: "National Statistics Office, structure of earnings survey", target: 10, years: fiveYears,
		series: []demoSeries{{"", "", []float64{16.2, 15.8, 15.1, 14.3, 13.6}}},
		recs:   []string{"A/HRC/39/12 118.22", "A/HRC/55/10 123.20", "CEDAW/C/XAR/CO/8 31"},
		action: "Introduce pay transparency and enforce equal pay for work of equal value"},
	{title: "Proportion of seats held by women in Parliament",
		typ: "outcome", unit: "%", direction: "higher", source: "nso",
		dataSource: "National Statistics Office, from the results published by the Parliament of Arcadia",
		sdg:        "5.5.1", target: 40, years: fiveYears,
		series: []demoSeries{{"", "", []float64{24, 24, 24, 31.5, 31.5}}},
		notes:  map[int]string{2023: "After the general election of April 2023."},
		recs:   []string{"A/HRC/39/12 118.23", "CEDAW/C/XAR/CO/8 16"},
		action: "Temporary special measures for women's representation in Parliament and public decision-making"},
	{title: "Victims of intentional homicide by an intimate partner or family member per 100,000 inhabitants",
		typ: "outcome", unit: "per 100,000 inhabitants", direction: "lower", source: "moi",
		dataSource: "Ministry of the Interior, police crime statistics", grounds: "sex", sdg: "16.1.1", target: 0.35, years: fiveYears,
		series: []demoSeries{
			{"", "", []float64{0.58, 0.64, 0.55, 0.51, 0.47}},
			{"sex", "female", []float64{0.95, 1.04, 0.89, 0.83, 0.76}},
			{"sex", "male", []float64{0.2, 0.23, 0.2, 0.18, 0.17}},
		},
		notes:  map[int]string{2021: "Rise during the pandemic lockdowns."},
		recs:   []string{"CEDAW/C/XAR/CO/8 20", "CAT/C/XAR/CO/4 30"},
		action: "National action plan to prevent and combat violence against women 2024–2028"},
	{title: "Proportion of children under 5 years of age whose births have been registered with a civil authority",
		typ: "outcome", unit: "%", direction: "higher", source: "nso",
		dataSource: "National Statistics Office, from the civil register and the population estimates",
		grounds:    "urban_rural", sdg: "16.9.1", target: 100, years: fiveYears,
		series: []demoSeries{
			{"", "", []float64{96.1, 96.4, 97, 97.8, 98.3}},
			{"urban_rural", "urban", []float64{98.2, 98.4, 98.7, 99.1, 99.3}},
			{"urban_rural", "rural", []float64{92, 92.5, 93.6, 95.2, 96.3}},
		},
		recs:   []string{"A/HRC/39/12 118.24", "CRC/C/XAR/CO/5-6 17"},
		action: "Free and universal birth registration, including through mobile units"},
	{title: "Early leavers from education and training, aged 18–24",
		typ: "outcome", unit: "%", direction: "lower", source: "nso",
		dataSource: "National Statistics Office, labour force survey", grounds: "sex", target: 7, years: fiveYears,
		series: []demoSeries{
			{"", "", []float64{9.4, 9.1, 9.3, 8.7, 8.2}},
			{"sex", "female", []float64{7.6, 7.3, 7.5, 7, 6.6}},
			{"sex", "male", []float64{11.1, 10.8, 11, 10.3, 9.7}},
		},
		recs:   []string{"CRC/C/XAR/CO/5-6 33"},
		action: "Reduce school dropout among minority and migrant children"},
	{title: "Unsentenced detainees as a proportion of the overall prison population",
		typ: "outcome", unit: "%", direction: "lower", source: "prisons",
		dataSource: "Prison Administration, prison population on 31 December", grounds: "sex", sdg: "16.3.2", target: 20, years: fiveYears,
		series: []demoSeries{
			{"", "", []float64{31.5, 33.2, 32.4, 29.8, 27.1}},
			{"sex", "female", []float64{38, 40.1, 39, 36.2, 33.5}},
			{"sex", "male", []float64{31.1, 32.8, 32, 29.4, 26.7}},
		},
		recs:   []string{"A/HRC/55/10 123.27", "CAT/C/XAR/CO/4 18"},
		action: "Reduce prison overcrowding through non-custodial measures"},
	{title: "Complaints of ill-treatment by law enforcement officials that led to a criminal investigation",
		typ: "process", unit: "% of complaints", direction: "higher", source: "moj",
		dataSource: "Ministry of Justice, prosecution service statistics", target: 50, years: fiveYears,
		series: []demoSeries{{"", "", []float64{18, 17.5, 21, 24.5, 23}}},
		recs:   []string{"A/HRC/39/12 118.29", "CAT/C/XAR/CO/4 16 (a)"},
		action: "Establish an independent mechanism to investigate complaints against the police"},
	{title: "Victims of trafficking in persons identified",
		typ: "outcome", unit: "persons", direction: "higher", source: "moi",
		dataSource: "Ministry of the Interior, national referral mechanism", grounds: "sex age_group", target: 100, years: fiveYears,
		series: []demoSeries{
			{"", "", []float64{41, 38, 52, 67, 74}},
			{"sex", "female", []float64{29, 27, 36, 45, 49}},
			{"sex", "male", []float64{12, 11, 16, 22, 25}},
			{"age_group", "under 18", []float64{9, 8, 13, 15, 18}},
			{"age_group", "18 and over", []float64{32, 30, 39, 52, 56}},
		},
		recs:   []string{"A/HRC/39/12 118.36", "A/HRC/55/10 123.36", "CEDAW/C/XAR/CO/8 23"},
		action: "Implement the national action plan against trafficking in persons"},
	{title: "Proportion of the population living below the national poverty line",
		typ: "outcome", unit: "%", direction: "lower", source: "nso",
		dataSource: "National Statistics Office, household budget survey", grounds: "sex urban_rural", sdg: "1.2.1", target: 11, years: fiveYears,
		series: []demoSeries{
			{"", "", []float64{14.8, 16.1, 15.4, 14.6, 13.9}},
			{"sex", "female", []float64{15.9, 17.3, 16.6, 15.7, 15}},
			{"sex", "male", []float64{13.6, 14.8, 14.1, 13.4, 12.7}},
			{"urban_rural", "urban", []float64{11.2, 12.3, 11.8, 11.1, 10.6}},
			{"urban_rural", "rural", []float64{21.5, 23, 22.1, 21, 19.9}},
		},
		recs:   []string{"A/HRC/39/12 118.39", "A/HRC/55/10 123.41"},
		action: "Reform the child benefit for single-parent and low-income families"},
	{title: "Out-of-pocket payments as a share of current health expenditure",
		typ: "outcome", unit: "%", direction: "lower", source: "nso",
		dataSource: "National Statistics Office and Ministry of Health, national health accounts", target: 20, years: fiveYears,
		series: []demoSeries{{"", "", []float64{33.5, 32.1, 31, 31.6, 32}}},
		notes:  map[int]string{2024: "Higher prices of outpatient medicines."},
		recs:   []string{"A/HRC/55/10 123.43"},
		action: "Move towards universal health coverage and reduce out-of-pocket payments"},
	{title: "Employment rate of persons with disabilities aged 20–64",
		typ: "outcome", unit: "%", direction: "higher", source: "nso",
		dataSource: "National Statistics Office, labour force survey", grounds: "sex", target: 55, years: fiveYears,
		series: []demoSeries{
			{"", "", []float64{46.2, 45, 47.1, 48.9, 50.3}},
			{"sex", "female", []float64{41, 39.6, 41.8, 43.7, 45.2}},
			{"sex", "male", []float64{51.5, 50.4, 52.5, 54.1, 55.4}},
		},
		recs:   []string{"A/HRC/55/10 123.15", "A/HRC/39/12 118.15"},
		action: "Carry out the deinstitutionalisation strategy for persons with disabilities"},
	{title: "Core international human rights instruments and optional protocols ratified",
		typ: "structural", unit: "of 18", direction: "higher", source: "mfa",
		dataSource: "Ministry of Foreign Affairs, treaty register", target: 16, years: fiveYears,
		series: []demoSeries{{"", "", []float64{12, 12, 13, 13, 14}}},
		recs:   []string{"A/HRC/55/10 123.1", "A/HRC/55/10 123.4"},
		action: "Ratify the Optional Protocol to the Convention against Torture"},
	{title: "Attacks on journalists and media workers that led to a criminal investigation",
		typ: "process", unit: "% of attacks reported", direction: "higher", source: "moi",
		dataSource: "Ministry of the Interior, with the journalists' association", target: 90, years: fiveYears,
		series: []demoSeries{{"", "", []float64{45, 52, 48, 61, 66}}},
		recs:   []string{"A/HRC/39/12 118.33", "A/HRC/55/10 123.32"},
		action: "Protect journalists through a rapid response protocol and prosecution guidelines"},
}

// demoMove is one step of a report's review. A resubmission may first revise the text.
type demoMove struct {
	to             progress.Status
	reason, revise string
}

// demoReport is a focal point's progress report on an action of their entity.
type demoReport struct {
	author, action string // focal point email, action title
	period, text   string
	proposed       string
	public         bool
	links          []string
	moves          []demoMove
}

var (
	submitted = demoMove{to: progress.Submitted}
	validated = demoMove{to: progress.Validated}
	published = demoMove{to: progress.Published}
)

var demoReports = []demoReport{
	{author: "focal.health@arcadia.example", action: "Sexual and reproductive health services and information for adolescents",
		period: "2026",
		text: "Youth-friendly services now open in 38 of the 60 primary health centres planned. The revised sexuality education " +
			"curriculum was approved by the Ministry of Education in September 2026; teacher training starts in January 2027. " +
			"Figures for the last quarter are still being collected from the regions.",
		proposed: "partially_implemented",
		links:    []string{"https://example.org/arcadia/health/youth-friendly-services-2026"}},
	{author: "focal.labour@arcadia.example", action: "Introduce pay transparency and enforce equal pay for work of equal value",
		period: "First half of 2026",
		text: "The pay transparency bill passed its first reading in Parliament in May 2026. The Labour Inspectorate adopted a method " +
			"for equal pay audits and tested it with twelve employers; 40 of its 120 inspectors have been trained so far.",
		proposed: "in_progress",
		links: []string{"https://example.org/arcadia/parliament/pay-transparency-bill",
			"https://example.org/arcadia/labour-inspectorate/equal-pay-audit-method"},
		moves: []demoMove{submitted}},
	{author: "focal.gender@arcadia.example", action: "National action plan to prevent and combat violence against women 2024–2028",
		period: "2025",
		text: "All 46 measures of the action plan have a responsible entity; 31 have started. The hotline for women victims now " +
			"answers around the clock and received 9,480 calls in 2025. The terms of reference of the mid-term evaluation were " +
			"agreed with civil society in November 2025.",
		proposed: "in_progress",
		links:    []string{"https://example.org/arcadia/gender-equality-office/vaw-action-plan-report-2025"},
		moves:    []demoMove{submitted}},
	{author: "focal.gender@arcadia.example", action: "Open shelters for women victims of violence in every region",
		period: "2025",
		text: "Forty new shelter places opened in 2025, bringing the national rate to 0.8 places per 10,000 inhabitants. " +
			"Shelters now operate in nine of the twelve regions.",
		proposed: "partially_implemented",
		links:    []string{"https://example.org/arcadia/gender-equality-office/shelters-2025"},
		moves: []demoMove{submitted, {to: progress.Returned,
			reason: "The report says forty new places opened, but the evidence covers only the two shelters in the capital. Please attach " +
				"the agreements with the other municipalities, and say which three regions still have no shelter and what is planned there."}}},
	{author: "focal.justice@arcadia.example", action: "Amend the Criminal Code to define rape on the basis of lack of consent",
		period: "2024",
		text: "Parliament adopted the amendment to article 152 of the Criminal Code on 18 June 2024; it came into force on " +
			"1 October 2024. The Judicial Training Centre trained 212 judges and 164 prosecutors on the new definition between " +
			"September and December 2024.",
		proposed: "fully_implemented", public: true,
		links: []string{"https://example.org/arcadia/official-gazette/2024/criminal-code-amendment",
			"https://example.org/arcadia/judicial-training-centre/consent-training-2024"},
		moves: []demoMove{submitted, validated}},
	{author: "focal.health@arcadia.example", action: "Move towards universal health coverage and reduce out-of-pocket payments",
		period: "2025",
		text: "Since 1 March 2025 uninsured residents, including migrants without residence papers, are covered for primary care " +
			"and emergencies. The cap on co-payments for outpatient medicines has been delayed to 2026 by the rise in medicine prices.",
		proposed: "in_progress",
		links:    []string{"https://example.org/arcadia/health/coverage-extension-2025"},
		moves:    []demoMove{submitted, validated}},
	{author: "focal.labour@arcadia.example", action: "Reform the child benefit for single-parent and low-income families",
		period: "2024",
		text: "The reformed child benefit has been paid since January 2024. It reached 212,000 families in 2024, of which " +
			"48,000 single-parent families.",
		proposed: "fully_implemented", public: true,
		links: []string{"https://example.org/arcadia/labour/child-benefit-statistics-2024"},
		moves: []demoMove{submitted,
			{to: progress.Returned, reason: "Please add how many of these families were not receiving the benefit before the reform."},
			{to: progress.Submitted, revise: "The reformed child benefit has been paid since January 2024. It reached 212,000 families " +
				"in 2024, of which 48,000 single-parent families. 37,000 of these families had not received the benefit before, " +
				"because they had not applied; the benefit is now paid automatically from tax data."},
			validated, published}},
	{author: "focal.justice@arcadia.example", action: "Reduce prison overcrowding through non-custodial measures",
		period: "2025",
		text: "The probation service is present in all 18 court districts. Electronic monitoring has been available since " +
			"March 2025 and was ordered instead of pre-trial detention in 640 cases. The prison population fell from 112 % to " +
			"104 % of official capacity.",
		proposed: "partially_implemented", public: true,
		links: []string{"https://example.org/arcadia/justice/probation-annual-report-2025"},
		moves: []demoMove{submitted, validated, published}},
}

// checkPlanData checks the demo plan against the demo's entities, clusters and
// recommendations, so a typing mistake fails before anything is written.
func checkPlanData() error {
	entityTags, clusterTags := map[string]bool{}, map[string]bool{}
	for _, e := range demoEntities {
		entityTags[e.tag] = true
	}
	for _, c := range demoClusters {
		clusterTags[c.tag] = true
	}
	clustersOf := map[string][]string{}
	for _, l := range lines {
		clustersOf[l.doc.symbol+" "+l.para] = split(l.cluster, " ")
	}
	titles := map[string]bool{}
	for _, c := range demoClusters {
		titles[c.name] = true
	}
	for _, a := range demoActions {
		if titles[a.title] {
			return fmt.Errorf("action %q: listed twice or named like a cluster", a.title)
		}
		titles[a.title] = true
		if !clusterTags[a.cluster] {
			return fmt.Errorf("action %q: unknown cluster %q", a.title, a.cluster)
		}
		for _, t := range append([]string{a.lead}, split(a.support, " ")...) {
			if !entityTags[t] {
				return fmt.Errorf("action %q: unknown entity %q", a.title, t)
			}
		}
		start, err := time.Parse(time.DateOnly, a.start)
		if err != nil {
			return fmt.Errorf("action %q: %w", a.title, err)
		}
		due, err := time.Parse(time.DateOnly, a.due)
		if err != nil {
			return fmt.Errorf("action %q: %w", a.title, err)
		}
		if due.Before(start) || a.start < planStart || a.due > planEnd {
			return fmt.Errorf("action %q: dates %s–%s", a.title, a.start, a.due)
		}
		if !slices.Contains(plan.Statuses, a.status) || (a.status == "not_implementable") != (a.reason != "") {
			return fmt.Errorf("action %q: status %q with reason %q", a.title, a.status, a.reason)
		}
		for _, k := range split(a.assistance, " ") {
			if !slices.Contains(plan.Assistance, k) {
				return fmt.Errorf("action %q: unknown assistance %q", a.title, k)
			}
		}
		if len(a.recs) < 1 || len(a.recs) > 5 {
			return fmt.Errorf("action %q: %d recommendations, want 1–5", a.title, len(a.recs))
		}
		for _, r := range a.recs {
			if !slices.Contains(clustersOf[r], a.cluster) {
				return fmt.Errorf("action %q: %s is not a recommendation of cluster %q", a.title, r, a.cluster)
			}
		}
		for _, m := range a.milestones {
			if _, err := time.Parse(time.DateOnly, m.due); err != nil {
				return fmt.Errorf("action %q: milestone %q: %w", a.title, m.title, err)
			}
		}
	}
	for _, c := range changesAfterAdoption {
		if !titles[c.title] {
			return fmt.Errorf("change after adoption: unknown action %q", c.title)
		}
	}
	for _, d := range demoDeadlines {
		if _, err := time.Parse(time.DateOnly, d.due); err != nil {
			return fmt.Errorf("deadline %q: %w", d.title, err)
		}
		if !slices.Contains(plan.DeadlineKinds, d.kind) {
			return fmt.Errorf("deadline %q: unknown kind %q", d.title, d.kind)
		}
	}
	for _, ind := range demoIndicators {
		grounds := split(ind.grounds, " ")
		if !entityTags[ind.source] || !titles[ind.action] {
			return fmt.Errorf("indicator %q: unknown source %q or action %q", ind.title, ind.source, ind.action)
		}
		if len(ind.series) == 0 || ind.series[0].ground != "" {
			return fmt.Errorf("indicator %q: the total must come first", ind.title)
		}
		for _, s := range ind.series {
			if len(s.values) != len(ind.years) || (s.ground != "" && !slices.Contains(grounds, s.ground)) {
				return fmt.Errorf("indicator %q: series %s=%s does not fit", ind.title, s.ground, s.value)
			}
		}
		if len(ind.recs) < 1 || len(ind.recs) > 3 {
			return fmt.Errorf("indicator %q: %d recommendations, want 1–3", ind.title, len(ind.recs))
		}
		for _, r := range ind.recs {
			if _, ok := clustersOf[r]; !ok {
				return fmt.Errorf("indicator %q: unknown recommendation %s", ind.title, r)
			}
		}
	}
	for _, r := range demoReports {
		if focalPoints[r.author] == "" || !titles[r.action] {
			return fmt.Errorf("report %q: unknown author %q or action", r.period, r.author)
		}
	}
	return nil
}

func mustDate(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err) // checkPlanData has parsed every date of the demo
	}
	return t
}

func datePtr(s string) *time.Time {
	t := mustDate(s)
	return &t
}

// loadPlan gives Arcadia its focal points' entities, an adopted implementation plan,
// the mechanisms' deadlines, indicators with their values, and progress reports in every
// step of their review, or completes what an earlier load left unfinished. users are the
// demo people's ids by email. Loading twice changes nothing.
func loadPlan(ctx context.Context, pool *pgxpool.Pool, tenantID int64, tenantCode string, users map[string]int64) error {
	if err := checkPlanData(); err != nil {
		return fmt.Errorf("demo plan: %w", err)
	}
	staff := users[staffEmail]
	if staff == 0 {
		return fmt.Errorf("demo plan: %s is missing", staffEmail)
	}
	entities, err := ensureEntities(ctx, pool, tenantID)
	if err != nil {
		return fmt.Errorf("demo entities: %w", err)
	}
	clusters, err := ensureClusters(ctx, pool, tenantID, entities)
	if err != nil {
		return fmt.Errorf("demo clusters: %w", err)
	}
	if err := assignFocalPoints(ctx, pool, tenantID, users, entities); err != nil {
		return fmt.Errorf("demo focal points: %w", err)
	}
	refs, err := recommendationRefs(ctx, pool, tenantID)
	if err != nil {
		return fmt.Errorf("demo recommendations: %w", err)
	}
	actions, err := ensurePlan(ctx, pool, tenantID, staff, entities, clusters, refs)
	if err != nil {
		return fmt.Errorf("demo plan: %w", err)
	}
	if err := ensureDeadlines(ctx, pool, tenantID, staff); err != nil {
		return fmt.Errorf("demo deadlines: %w", err)
	}
	if err := ensureIndicators(ctx, pool, tenantID, staff, entities, refs, actions); err != nil {
		return fmt.Errorf("demo indicators: %w", err)
	}
	if err := ensureReports(ctx, pool, tenantID, tenantCode, staff, users, entities, actions); err != nil {
		return fmt.Errorf("demo progress reports: %w", err)
	}
	return nil
}

// assignFocalPoints gives each demo focal point the entity they report for.
func assignFocalPoints(ctx context.Context, pool *pgxpool.Pool, tenantID int64, users map[string]int64, entities map[string]int64) error {
	return db.InTenant(ctx, pool, tenantID, 0, func(tx pgx.Tx) error {
		for email, tag := range focalPoints {
			if users[email] == 0 {
				return fmt.Errorf("%s is missing", email)
			}
			if _, err := tx.Exec(ctx, `UPDATE memberships SET entity_id = $3 WHERE tenant_id = $1 AND user_id = $2
				AND entity_id IS DISTINCT FROM $3`, tenantID, users[email], entities[tag]); err != nil {
				return err
			}
		}
		return nil
	})
}

// recRefs finds recommendations by "symbol paragraph", and says which cluster holds which.
type recRefs struct {
	ids       map[string]int64
	inCluster map[string]map[string]bool // cluster name → refs
}

func recommendationRefs(ctx context.Context, pool *pgxpool.Pool, tenantID int64) (recRefs, error) {
	out := recRefs{ids: map[string]int64{}, inCluster: map[string]map[string]bool{}}
	err := db.InTenant(ctx, pool, tenantID, 0, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `
SELECT d.symbol || ' ' || r.paragraph, r.id, COALESCE(c.name, '')
FROM recommendations r
JOIN documents d ON d.tenant_id = r.tenant_id AND d.id = r.document_id
LEFT JOIN cluster_recommendations cr ON cr.tenant_id = r.tenant_id AND cr.recommendation_id = r.id
LEFT JOIN clusters c ON c.tenant_id = cr.tenant_id AND c.id = cr.cluster_id
WHERE r.tenant_id = $1`, tenantID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ref, name string
			var id int64
			if err := rows.Scan(&ref, &id, &name); err != nil {
				return err
			}
			out.ids[ref] = id
			if name != "" {
				if out.inCluster[name] == nil {
					out.inCluster[name] = map[string]bool{}
				}
				out.inCluster[name][ref] = true
			}
		}
		return rows.Err()
	})
	return out, err
}

// resolve returns the ids of refs, all of which must be in cluster when it is not "".
func (r recRefs) resolve(refs []string, cluster string) ([]int64, error) {
	ids := make([]int64, 0, len(refs))
	for _, ref := range refs {
		id := r.ids[ref]
		if id == 0 || (cluster != "" && !r.inCluster[cluster][ref]) {
			return nil, fmt.Errorf("recommendation %s is not in the database or not in cluster %q", ref, cluster)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func clusterName(tag string) string {
	for _, c := range demoClusters {
		if c.tag == tag {
			return c.name
		}
	}
	return ""
}

// ensurePlan creates the plan and, while it is a draft, its actions and adopts it; then
// it adds the milestones and the changes after adoption that are missing. It returns the
// plan's actions by title.
func ensurePlan(ctx context.Context, pool *pgxpool.Pool, tenantID, staff int64, entities, clusters map[string]int64, refs recRefs) (map[string]int64, error) {
	plans := plan.NewStore(pool)
	list, err := plans.List(ctx, tenantID, staff)
	if err != nil {
		return nil, err
	}
	var p plan.Plan
	found := false
	for _, x := range list {
		if x.Title == planTitle {
			p, found = x, true
			break
		}
	}
	if !found {
		if p, err = plans.Create(ctx, tenantID, staff, plan.PlanInput{Title: planTitle,
			PeriodStart: mustDate(planStart), PeriodEnd: mustDate(planEnd)}); err != nil {
			return nil, err
		}
	}
	if p.Status == plan.Draft {
		if err := buildPlan(ctx, plans, pool, tenantID, staff, p.ID, entities, clusters, refs); err != nil {
			return nil, err
		}
		if p, err = plans.Get(ctx, tenantID, staff, p.ID); err != nil {
			return nil, err
		}
		if err := plans.SetStatus(ctx, tenantID, staff, p.ID, plan.Adopted, p.Version); err != nil {
			return nil, fmt.Errorf("adopt: %w", err)
		}
	}
	actions, err := actionIDs(ctx, pool, tenantID, p.ID)
	if err != nil {
		return nil, err
	}
	if err := ensureMilestones(ctx, pool, plans, tenantID, staff, actions); err != nil {
		return nil, fmt.Errorf("milestones: %w", err)
	}
	for _, c := range changesAfterAdoption {
		a, err := plans.Action(ctx, tenantID, staff, actions[c.title])
		if err != nil {
			return nil, fmt.Errorf("%s: %w", c.title, err)
		}
		if !c.applies(a) {
			continue
		}
		in := inputOf(a)
		c.change(&in)
		if err := plans.UpdateAction(ctx, tenantID, staff, a.ID, in); err != nil {
			return nil, fmt.Errorf("%s: %w", c.title, err)
		}
	}
	return actions, nil
}

// buildPlan adds to a draft plan one action per cluster, brought into the plan's period,
// and the demo's own actions, those it lacks.
func buildPlan(ctx context.Context, plans *plan.Store, pool *pgxpool.Pool, tenantID, staff, planID int64,
	entities, clusters map[string]int64, refs recRefs) error {
	ids := make([]int64, 0, len(demoClusters))
	for _, c := range demoClusters {
		ids = append(ids, clusters[c.tag])
	}
	if _, err := plans.FromClusters(ctx, tenantID, staff, planID, ids); err != nil {
		return fmt.Errorf("from clusters: %w", err)
	}
	actions, err := actionIDs(ctx, pool, tenantID, planID)
	if err != nil {
		return err
	}
	for _, c := range demoClusters {
		a, err := plans.Action(ctx, tenantID, staff, actions[c.name])
		if err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
		if a.Status != "not_started" || a.StartDate != nil {
			continue // already brought into the plan
		}
		in := inputOf(a)
		in.Description = "Coordination of the cluster: the lead entity convenes the entities concerned every quarter, " +
			"keeps the cluster's recommendations under review and reports to the national mechanism twice a year."
		in.StartDate, in.DueDate = datePtr(planStart), datePtr(planEnd)
		in.Status = "in_progress"
		if c.tag == "women" {
			g := int(principal) - 1
			in.GenderMarker = &g
		}
		if err := plans.UpdateAction(ctx, tenantID, staff, a.ID, in); err != nil {
			return fmt.Errorf("%s: %w", c.name, err)
		}
	}
	for _, d := range demoActions {
		if actions[d.title] != 0 {
			continue
		}
		recIDs, err := refs.resolve(d.recs, clusterName(d.cluster))
		if err != nil {
			return fmt.Errorf("%s: %w", d.title, err)
		}
		in := plan.ActionInput{
			Title: d.title, Description: d.description, Outcome: d.outcome,
			LeadEntityID: entities[d.lead],
			StartDate:    datePtr(d.start), DueDate: datePtr(d.due),
			FundingSource: d.funding,
			Status:        d.status, StatusReason: d.reason,
			GenderNote: d.genderNote, CapacityGaps: d.gaps,
			Assistance: split(d.assistance, " "),
		}
		for _, t := range split(d.support, " ") {
			in.Supporting = append(in.Supporting, entities[t])
		}
		if d.budget > 0 {
			b := d.budget
			in.BudgetAmount, in.BudgetCurrency = &b, "EUR"
		}
		if d.gender != unassessed {
			g := int(d.gender) - 1
			in.GenderMarker = &g
		}
		if _, err := plans.CreateAction(ctx, tenantID, staff, planID, in, recIDs); err != nil {
			return fmt.Errorf("%s: %w", d.title, err)
		}
	}
	return nil
}

// inputOf is an action as its edit form would send it back unchanged.
func inputOf(a plan.Action) plan.ActionInput {
	return plan.ActionInput{
		Title: a.Title, Description: a.Description, Outcome: a.Outcome,
		LeadEntityID: a.LeadEntityID, Supporting: a.Supporting,
		StartDate: a.StartDate, DueDate: a.DueDate,
		BudgetAmount: a.BudgetAmount, BudgetCurrency: a.BudgetCurrency, FundingSource: a.FundingSource,
		Status: a.Status, StatusReason: a.StatusReason,
		GenderMarker: a.GenderMarker, GenderNote: a.GenderNote,
		CapacityGaps: a.CapacityGaps, Assistance: a.Assistance,
		Version: a.Version,
	}
}

// actionIDs returns a plan's actions by title.
func actionIDs(ctx context.Context, pool *pgxpool.Pool, tenantID, planID int64) (map[string]int64, error) {
	out := map[string]int64{}
	err := db.InTenant(ctx, pool, tenantID, 0, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT title, id FROM actions WHERE tenant_id = $1 AND plan_id = $2 ORDER BY id`, tenantID, planID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var title string
			var id int64
			if err := rows.Scan(&title, &id); err != nil {
				return err
			}
			if out[title] == 0 {
				out[title] = id
			}
		}
		return rows.Err()
	})
	return out, err
}

// ensureMilestones adds the demo milestones an action lacks and marks them done or not.
func ensureMilestones(ctx context.Context, pool *pgxpool.Pool, plans *plan.Store, tenantID, staff int64, actions map[string]int64) error {
	type stored struct {
		id   int64
		done bool
	}
	existing := func() (map[int64]map[string]stored, error) {
		out := map[int64]map[string]stored{}
		err := db.InTenant(ctx, pool, tenantID, 0, func(tx pgx.Tx) error {
			rows, err := tx.Query(ctx, `SELECT action_id, id, title, done FROM milestones WHERE tenant_id = $1`, tenantID)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var actionID int64
				var title string
				var m stored
				if err := rows.Scan(&actionID, &m.id, &title, &m.done); err != nil {
					return err
				}
				if out[actionID] == nil {
					out[actionID] = map[string]stored{}
				}
				out[actionID][title] = m
			}
			return rows.Err()
		})
		return out, err
	}
	have, err := existing()
	if err != nil {
		return err
	}
	added := false
	for _, a := range demoActions {
		for _, m := range a.milestones {
			if _, ok := have[actions[a.title]][m.title]; ok {
				continue
			}
			if err := plans.AddMilestone(ctx, tenantID, staff, actions[a.title], m.title, mustDate(m.due)); err != nil {
				return fmt.Errorf("%s: %w", m.title, err)
			}
			added = true
		}
	}
	if added {
		if have, err = existing(); err != nil {
			return err
		}
	}
	for _, a := range demoActions {
		for _, m := range a.milestones {
			s := have[actions[a.title]][m.title]
			if s.done == m.done {
				continue
			}
			if err := plans.SetMilestoneDone(ctx, tenantID, staff, actions[a.title], s.id, m.done); err != nil {
				return fmt.Errorf("%s: %w", m.title, err)
			}
		}
	}
	return nil
}

// ensureDeadlines adds the demo deadlines the State lacks.
func ensureDeadlines(ctx context.Context, pool *pgxpool.Pool, tenantID, staff int64) error {
	plans := plan.NewStore(pool)
	list, err := plans.Deadlines(ctx, tenantID, staff)
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, d := range list {
		have[d.Title] = true
	}
	for _, d := range demoDeadlines {
		if have[d.title] {
			continue
		}
		if err := plans.AddDeadline(ctx, tenantID, staff, plan.Deadline{Title: d.title, Kind: d.kind, Body: d.body, Due: mustDate(d.due)}); err != nil {
			return fmt.Errorf("%s: %w", d.title, err)
		}
	}
	return nil
}

// ensureIndicators creates the demo indicators the State lacks, records their values
// (a value already recorded is left alone) and links them.
func ensureIndicators(ctx context.Context, pool *pgxpool.Pool, tenantID, staff int64, entities map[string]int64, refs recRefs, actions map[string]int64) error {
	store := indicator.NewStore(pool)
	list, err := store.List(ctx, tenantID, staff)
	if err != nil {
		return err
	}
	byTitle := map[string]int64{}
	for _, ind := range list {
		byTitle[ind.Title] = ind.ID
	}
	for _, d := range demoIndicators {
		id := byTitle[d.title]
		if id == 0 {
			baseline, target := d.series[0].values[0], d.target
			in := indicator.Input{
				Title: d.title, Type: d.typ, Unit: d.unit, Direction: d.direction,
				BaselineValue: &baseline, BaselineDate: datePtr(fmt.Sprintf("%d-12-31", d.years[0])),
				TargetValue: &target, TargetDate: datePtr(planEnd),
				DataSource: d.dataSource, SourceEntityID: entities[d.source],
				Disaggregations: split(d.grounds, " "), SDGIndicator: d.sdg,
			}
			ind, err := store.Create(ctx, tenantID, staff, in)
			if err != nil {
				return fmt.Errorf("%s: %w", d.title, err)
			}
			id = ind.ID
		}
		for _, s := range d.series {
			for i, year := range d.years {
				m := indicator.Measurement{Period: time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC), Value: s.values[i]}
				if s.ground != "" {
					m.Disaggregation = map[string]string{s.ground: s.value}
				} else {
					m.Note = d.notes[year]
				}
				if err := store.Record(ctx, tenantID, staff, id, m); err != nil {
					return fmt.Errorf("%s %d: %w", d.title, year, err)
				}
			}
		}
		recIDs, err := refs.resolve(d.recs, "")
		if err != nil {
			return fmt.Errorf("%s: %w", d.title, err)
		}
		for _, r := range recIDs {
			if err := store.LinkRecommendation(ctx, tenantID, staff, id, r); err != nil {
				return fmt.Errorf("%s: %w", d.title, err)
			}
		}
		if err := store.LinkAction(ctx, tenantID, staff, id, actions[d.action]); err != nil {
			return fmt.Errorf("%s: %w", d.title, err)
		}
	}
	return nil
}

// reportState is where a report stands: moves counts the steps of its review so far.
type reportState struct {
	id      int64
	status  progress.Status
	version int
	moves   int
	links   []string
}

func findReport(ctx context.Context, pool *pgxpool.Pool, tenantID, actionID, author int64, period string) (reportState, error) {
	var s reportState
	err := db.InTenant(ctx, pool, tenantID, 0, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
SELECT p.id, p.status, p.version,
       (SELECT count(*) FROM report_events e WHERE e.tenant_id = p.tenant_id AND e.report_id = p.id AND e.from_status IS NOT NULL),
       ARRAY(SELECT v.url FROM evidence v WHERE v.tenant_id = p.tenant_id AND v.report_id = p.id AND v.url <> '' ORDER BY v.id)
FROM progress_reports p
WHERE p.tenant_id = $1 AND p.action_id = $2 AND p.created_by = $3 AND p.period = $4
ORDER BY p.id LIMIT 1`, tenantID, actionID, author, period).Scan(&s.id, &s.status, &s.version, &s.moves, &s.links)
		if err == pgx.ErrNoRows {
			return nil
		}
		return err
	})
	return s, err
}

// ensureReports writes the focal points' reports that are missing and takes each as far
// through its review as the demo says.
func ensureReports(ctx context.Context, pool *pgxpool.Pool, tenantID int64, tenantCode string, staff int64,
	users map[string]int64, entities map[string]int64, actions map[string]int64) error {
	store := progress.NewStore(pool)
	reviewer := progress.Actor{UserID: staff, Role: account.RoleNMRFStaff}
	link := "/s/" + strings.ToLower(tenantCode) + "/reports/{id}"
	for _, d := range demoReports {
		author := progress.Actor{UserID: users[d.author], Role: account.RoleFocalPoint, EntityID: entities[focalPoints[d.author]]}
		in := progress.Input{ActionID: actions[d.action], Period: d.period, DoneText: d.text, ProposedStatus: d.proposed, EvidencePublic: d.public}
		s, err := findReport(ctx, pool, tenantID, in.ActionID, author.UserID, d.period)
		if err != nil {
			return err
		}
		if s.id == 0 {
			r, err := store.Create(ctx, tenantID, author, in)
			if err != nil {
				return fmt.Errorf("%s, %s: %w", d.action, d.period, err)
			}
			s = reportState{id: r.ID, status: r.Status, version: r.Version}
		}
		if s.status == progress.Draft || s.status == progress.Returned {
			for _, u := range d.links {
				if slices.Contains(s.links, u) {
					continue
				}
				if _, err := store.AddLink(ctx, tenantID, author, s.id, u); err != nil {
					return fmt.Errorf("%s, %s: %w", d.action, d.period, err)
				}
			}
		}
		for _, m := range d.moves[min(s.moves, len(d.moves)):] {
			if s, err = findReport(ctx, pool, tenantID, in.ActionID, author.UserID, d.period); err != nil {
				return err
			}
			if m.revise != "" && s.status == progress.Returned {
				in.DoneText = m.revise
				if err := store.Update(ctx, tenantID, author, s.id, in, s.version); err != nil {
					return fmt.Errorf("%s, %s: revise: %w", d.action, d.period, err)
				}
				s.version++
			}
			switch m.to {
			case progress.Submitted:
				err = store.Submit(ctx, tenantID, author, s.id, s.version, link)
			case progress.Returned:
				err = store.Return(ctx, tenantID, reviewer, s.id, s.version, m.reason, link)
			case progress.Validated:
				err = store.Validate(ctx, tenantID, reviewer, s.id, s.version, link)
			case progress.Published:
				err = store.Publish(ctx, tenantID, reviewer, s.id, s.version, link)
			}
			if err != nil {
				return fmt.Errorf("%s, %s: %s: %w", d.action, d.period, m.to, err)
			}
		}
	}
	return nil
}
