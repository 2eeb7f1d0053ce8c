package account

// Role is a person's role in one State (a membership).
type Role string

const (
	RoleNMRFAdmin    Role = "nmrf_admin"
	RoleNMRFStaff    Role = "nmrf_staff"
	RoleFocalPoint   Role = "focal_point"
	RoleNHRI         Role = "nhri"
	RoleCivilSociety Role = "civil_society"
	RoleAdviser      Role = "ohchr_adviser"
)

// Roles lists every State role, in the order forms show them.
var Roles = []Role{RoleNMRFAdmin, RoleNMRFStaff, RoleFocalPoint, RoleNHRI, RoleCivilSociety, RoleAdviser}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// MessageID is the role's name in the locale files.
func (r Role) MessageID() string { return "Role." + string(r) }

// Action is something a person may do inside a State's workspace.
type Action string

const (
	ViewWorkspace Action = "workspace.view"  // the State home page
	ManageUsers   Action = "users.manage"    // members list, invitations
	ViewMembers   Action = "members.view"    // who works on the State's follow-up
	ManageState   Action = "settings.manage" // the State's settings

	ViewRecommendations   Action = "recommendations.view"   // the database of recommendations, clusters, entities
	ManageRecommendations Action = "recommendations.manage" // cluster, assign, mark, bulk actions, entities
	ImportRecommendations Action = "recommendations.import" // upload files into the database

	ViewPlan         Action = "plan.view"         // the implementation plan, its actions, timeline, indicators
	ManagePlan       Action = "plan.manage"       // plans, actions, milestones, deadlines, indicators
	ReportProgress   Action = "progress.report"   // write and submit progress reports (a focal point: for their entity)
	ReviewProgress   Action = "progress.review"   // validate, return and publish progress reports
	EnterMeasurement Action = "measurement.enter" // record indicator values (a focal point: those their entity supplies)

	// The NHRI's assessment and advisers' access and review.
	ManageAdvisers Action = "advisers.manage"  // grant and revoke advisers' access
	AssessStatus   Action = "assessment.write" // the NHRI's own assessment of a recommendation's status
	ViewReview     Action = "review.view"      // read review comments (staff and advisers with a current grant)
	WriteReview    Action = "review.write"     // leave a review comment on the plan, an action or an indicator
	ReplyReview    Action = "review.reply"     // answer a review comment
	ResolveReview  Action = "review.resolve"   // mark a review comment resolved
	ViewAssistance Action = "assistance.view"  // the capacity gaps and technical-assistance summary
	// Consultations with the NHRI and civil society. Who reads and comments on a given
	// consultation is decided by its invitation (package consultation); these only open
	// the pages.
	ViewConsultations    Action = "consultations.view"    // the consultations one is invited to, their reports
	CommentConsultations Action = "consultations.comment" // comment and reply while a consultation is open
	ManageConsultations  Action = "consultations.manage"  // open consultations, hide, answer, publish; organisations and registrations
)

// staff are the NMRF's own people.
var staff = []Role{RoleNMRFAdmin, RoleNMRFStaff}

// permissions is the one table that decides who may do what inside a State. Every
// route inside /s/{code}/ names one action; the route-matrix test reads this table.
var permissions = map[Action][]Role{
	ViewWorkspace: Roles,
	ViewMembers:   staff,
	ManageUsers:   {RoleNMRFAdmin},
	ManageState:   {RoleNMRFAdmin},

	// Civil society sees only what the State publishes (the public portal), not the workspace's database.
	ViewRecommendations:   {RoleNMRFAdmin, RoleNMRFStaff, RoleFocalPoint, RoleNHRI, RoleAdviser},
	ManageRecommendations: staff,
	ImportRecommendations: staff,

	ViewPlan:         {RoleNMRFAdmin, RoleNMRFStaff, RoleFocalPoint, RoleNHRI, RoleAdviser},
	ManagePlan:       staff,
	ReportProgress:   {RoleNMRFAdmin, RoleNMRFStaff, RoleFocalPoint},
	ReviewProgress:   staff,
	EnterMeasurement: {RoleNMRFAdmin, RoleNMRFStaff, RoleFocalPoint},

	// The NHRI's assessment and advisers' access and review. Review comments stay between
	// the State's staff and its advisers: not focal points, the NHRI or civil society.
	ManageAdvisers: {RoleNMRFAdmin},
	AssessStatus:   {RoleNHRI},
	ViewReview:     {RoleNMRFAdmin, RoleNMRFStaff, RoleAdviser},
	WriteReview:    {RoleAdviser},
	ReplyReview:    {RoleNMRFAdmin, RoleNMRFStaff, RoleAdviser},
	ResolveReview:  staff,
	ViewAssistance: {RoleNMRFAdmin, RoleNMRFStaff, RoleAdviser},
	// Consultations: any member may be invited (a consultation open to everyone), so
	// every role reaches the pages; civil society reaches nothing else of the workspace.
	ViewConsultations:    Roles,
	CommentConsultations: Roles,
	ManageConsultations:  staff,
}

// Can reports whether role may perform action.
func Can(role Role, action Action) bool {
	for _, r := range permissions[action] {
		if r == role {
			return true
		}
	}
	return false
}
