package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/nmrf-platform/nmrf/internal/account"
)

// routes lists every route in one place, grouped by who may call it.
func (s *Server) routes() *chi.Mux {
	r := chi.NewRouter()

	// Middleware, outermost first:
	r.Use(middleware.RequestID) // 1. a request ID for the log line and the error page
	r.Use(s.recoverer)          // 2. a panic becomes a logged 500 page, never a dropped connection
	r.Use(s.logRequests)        // 3. one structured line per request: ID, status, time
	r.Use(securityHeaders)      // 4. CSP without inline script, frame-ancestors none, nosniff, referrer
	r.Use(s.crossOrigin)        // 5. CSRF: browsers' Sec-Fetch-Site/Origin; cross-origin writes refused
	r.Use(limitBody)            // 6. bodies over the form limit fail as 413

	// Probes and static files need no session, so they answer even when the database,
	// which holds the sessions, does not.
	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Method(http.MethodGet, "/static/*", s.Assets.Handler())

	// The open-data API: published data for anyone, no session, JSON errors, limited per
	// client address together with the portal (handlers in api.go).
	r.Route("/api/v1", func(r chi.Router) {
		r.Use(middleware.Compress(5, "application/json", "text/csv"), s.RateLimits.publicAPI)
		s.apiRoutes(r)
		r.Get("/openapi.json", s.api(s.openAPI)) // the API's OpenAPI description (openapi.go)
	})

	r.Group(func(r chi.Router) {
		r.Use(middleware.Compress(5, "text/html", "text/plain")) // pages are small, connections may be slow
		r.Use(s.sessions.LoadAndSave)                            // 7. session from PostgreSQL, saved after the handler
		r.Use(s.locale)                                          // 8. the person's language: saved choice, cookie, Accept-Language
		r.Use(s.authenticate)                                    // 9. the signed-in person, if any
		// 10. tenant and role resolution happen in the /s/{code} group below.
		s.pageRoutes(r)
	})
	return r
}

// pageRoutes are every route that works with a session.
func (s *Server) pageRoutes(r chi.Router) {
	r.NotFound(s.handle(func(w http.ResponseWriter, r *http.Request) error { return errNotFound }))
	r.MethodNotAllowed(s.handle(func(w http.ResponseWriter, r *http.Request) error { return errMethodNotAllowed }))

	// Anyone.
	r.Get("/", s.handle(s.root))
	r.Post("/language", s.handle(s.setLanguage))
	r.Get("/login", s.handle(s.loginForm))
	r.With(s.RateLimits.login...).Post("/login", s.handle(s.login))
	r.Post("/logout", s.handle(s.logout))
	r.Get("/invite/{token}", s.handle(s.inviteForm))
	r.With(s.RateLimits.tokenLogin...).Post("/invite/{token}", s.handle(s.acceptInvite))
	// A calendar program fetches a secret feed without a session: the token is the key.
	r.Get("/calendar/{code}/{token}", s.handle(s.feed))
	r.Get("/password/forgot", s.handle(s.forgotForm))
	r.With(s.RateLimits.reset...).Post("/password/forgot", s.handle(s.forgot))
	r.Get("/password/reset/{token}", s.handle(s.resetForm))
	r.With(s.RateLimits.tokenReset...).Post("/password/reset/{token}", s.handle(s.reset))
	// Consultations: a person asks to join a State as a civil-society member; the NMRF
	// decides. Limited like password reset, since it also takes an email from anyone, but
	// on counts of its own (registering must not use up a person's password resets).
	r.Get("/register/{code}", s.handle(s.registerForm))
	r.With(s.RateLimits.register...).Post("/register/{code}", s.handle(s.register))

	// A State's public portal: what it published, for anyone, no sign-in; a State that
	// does not publish is 404 like an unknown code (handlers in portal.go).
	r.Route("/p/{code}", func(r chi.Router) {
		r.Use(s.RateLimits.portal, s.resolvePortal)
		r.Get("/", s.handle(s.portalHome))
		r.Get("/recommendations", s.handle(s.portalRecommendations))
		r.Get("/recommendations/{id}", s.handle(s.portalRecommendation))
		r.Get("/plan", s.handle(s.portalPlan))
		r.Get("/actions/{id}", s.handle(s.portalAction))
		r.Get("/evidence/{id}", s.handle(s.portalEvidence))
		r.Get("/indicators", s.handle(s.portalIndicators))
		r.Get("/indicators/{id}", s.handle(s.portalIndicator))
		// Published consultation reports ("you said, we did").
		r.Get("/consultations", s.handle(s.portalConsultations))
		r.Get("/consultations/{id}", s.handle(s.portalConsultation))
	})

	// Signed-in people.
	r.Group(func(r chi.Router) {
		r.Use(s.requireUser)
		r.Get("/states", s.handle(s.states))
		// Advisers: technical-assistance requests of every State where the person holds a
		// current grant (none for anyone else).
		r.Get("/adviser/assistance", s.handle(s.adviserOverview))
	})

	// Platform operators.
	r.Route("/admin", func(r chi.Router) {
		r.Use(s.requireUser, s.requirePlatformAdmin)
		r.Get("/", s.handle(s.adminHome))
		r.Post("/states", s.handle(s.adminCreateState))
		r.Get("/states/{code}", s.handle(s.adminState))
		r.Post("/states/{code}/invitations", s.handle(s.adminInvite))
		r.Get("/outbox", s.handle(s.outbox))
		r.Get("/outbox/{id}", s.handle(s.outboxEmail))
		r.Get("/vocabulary", s.handle(s.vocabularyPage))
		r.Post("/vocabulary", s.handle(s.translateTerm))
	})

	// A State's workspace: members of that State only; everyone else gets 404.
	r.Route("/s/{code}", func(r chi.Router) {
		r.Use(s.requireUser, s.resolveTenant)
		r.With(s.can(account.ViewWorkspace)).Get("/", s.handle(s.stateHome))
		r.With(s.can(account.ViewWorkspace)).Get("/notifications", s.handle(s.noticesPage))
		r.With(s.can(account.ViewWorkspace)).Post("/notifications/read", s.handle(s.markNoticesRead))
		r.With(s.can(account.ViewMembers)).Get("/members", s.handle(s.members))
		r.With(s.can(account.ManageUsers)).Post("/invitations", s.handle(s.invite))

		// The database of recommendations.
		r.With(s.can(account.ViewRecommendations)).Get("/recommendations", s.handle(s.recommendationsList))
		r.With(s.can(account.ViewRecommendations)).Get("/recommendations/export", s.handle(s.export))
		r.With(s.can(account.ViewRecommendations)).Get("/recommendations/{id}", s.handle(s.recommendationPage))
		r.With(s.can(account.ManageRecommendations)).Post("/recommendations/bulk", s.handle(s.bulk))
		r.With(s.can(account.ManageRecommendations)).Post("/recommendations/{id}/related", s.handle(s.relate))
		r.With(s.can(account.ManageRecommendations)).Post("/recommendations/{id}/translation", s.handle(s.translate))
		r.With(s.can(account.ManageRecommendations)).Post("/recommendations/{id}/status", s.handle(s.setStatus))
		r.With(s.can(account.ViewRecommendations)).Post("/views", s.handle(s.saveView))
		r.With(s.can(account.ViewRecommendations)).Post("/views/{id}/delete", s.handle(s.deleteView))
		r.With(s.can(account.ViewRecommendations)).Get("/clusters", s.handle(s.clusters))
		r.With(s.can(account.ManageRecommendations)).Post("/clusters", s.handle(s.createCluster))
		r.With(s.can(account.ManageRecommendations)).Get("/clusters/suggestions", s.handle(s.suggestions))
		r.With(s.can(account.ViewRecommendations)).Get("/clusters/{id}", s.handle(s.clusterPage))
		r.With(s.can(account.ManageRecommendations)).Post("/clusters/{id}", s.handle(s.updateCluster))
		r.With(s.can(account.ManageRecommendations)).Post("/clusters/{id}/move", s.handle(s.moveCluster))
		r.With(s.can(account.ManageRecommendations)).Post("/clusters/{id}/merge", s.handle(s.mergeCluster))
		r.With(s.can(account.ManageRecommendations)).Post("/clusters/{id}/delete", s.handle(s.deleteCluster))
		r.With(s.can(account.ViewRecommendations)).Get("/entities", s.handle(s.entities))
		r.With(s.can(account.ManageRecommendations)).Post("/entities", s.handle(s.createEntity))
		// The implementation plan.
		r.With(s.can(account.ViewPlan)).Get("/plans", s.handle(s.plans))
		r.With(s.can(account.ManagePlan)).Post("/plans", s.handle(s.createPlan))
		r.With(s.can(account.ViewPlan)).Get("/plans/{id}", s.handle(s.planPage))
		r.With(s.can(account.ViewPlan)).Get("/plans/{id}/changes", s.handle(s.planChanges))
		r.With(s.can(account.ManagePlan)).Post("/plans/{id}/status", s.handle(s.setPlanStatus))
		r.With(s.can(account.ManagePlan)).Post("/plans/{id}/from-clusters", s.handle(s.planFromClusters))
		r.With(s.can(account.ManagePlan)).Post("/plans/{id}/actions", s.handle(s.createAction))
		r.With(s.can(account.ViewPlan)).Get("/plans/{id}/timeline", s.handle(s.timelinePage))
		r.With(s.can(account.ManagePlan)).Post("/plans/{id}/timeline/deadlines", s.handle(s.addDeadline))
		r.With(s.can(account.ManagePlan)).Post("/deadlines/{id}/delete", s.handle(s.deleteDeadline))
		r.With(s.can(account.ViewPlan)).Get("/calendar", s.handle(s.calendarPage))
		r.With(s.can(account.ViewPlan)).Post("/calendar", s.handle(s.createFeed))
		r.With(s.can(account.ViewPlan)).Post("/calendar/{id}/revoke", s.handle(s.revokeFeed))
		r.With(s.can(account.ViewPlan)).Get("/actions/{id}", s.handle(s.actionPage))
		r.With(s.can(account.ManagePlan)).Post("/actions/{id}", s.handle(s.updateAction))
		r.With(s.can(account.ManagePlan)).Post("/actions/{id}/milestones", s.handle(s.addMilestone))
		r.With(s.can(account.ManagePlan)).Post("/actions/{id}/milestones/{mid}", s.handle(s.toggleMilestone))

		// Indicators and their values.
		r.With(s.can(account.ViewPlan)).Get("/indicators", s.handle(s.indicators))
		r.With(s.can(account.ManagePlan)).Post("/indicators", s.handle(s.createIndicator))
		r.With(s.can(account.ViewPlan)).Get("/indicators/{id}", s.handle(s.indicatorPage))
		r.With(s.can(account.ManagePlan)).Post("/indicators/{id}", s.handle(s.updateIndicator))
		r.With(s.can(account.EnterMeasurement)).Post("/indicators/{id}/measurements", s.handle(s.recordMeasurement))
		r.With(s.can(account.EnterMeasurement), s.RateLimits.upload).Post("/indicators/{id}/measurements.csv", s.handle(s.importMeasurements))

		// Progress reports and their review. Reading is open to all who see the plan: the
		// progress store shows each only the reports its role may read (NHRI: validated and
		// published; advisers: published).
		r.With(s.can(account.ViewPlan)).Get("/reports", s.handle(s.reportsList))
		r.With(s.can(account.ReportProgress)).Get("/reports/new", s.handle(s.newReport))
		r.With(s.can(account.ReportProgress)).Post("/reports", s.handle(s.createReport))
		r.With(s.can(account.ViewPlan)).Get("/reports/{id}", s.handle(s.reportPage))
		r.With(s.can(account.ReportProgress)).Post("/reports/{id}", s.handle(s.updateReport))
		r.With(s.can(account.ReportProgress)).Post("/reports/{id}/submit", s.handle(s.moveReport("submit")))
		r.With(s.can(account.ReviewProgress)).Post("/reports/{id}/return", s.handle(s.moveReport("return")))
		r.With(s.can(account.ReviewProgress)).Post("/reports/{id}/validate", s.handle(s.moveReport("validate")))
		r.With(s.can(account.ReviewProgress)).Post("/reports/{id}/publish", s.handle(s.moveReport("publish")))
		r.With(s.can(account.ReportProgress), s.RateLimits.upload).Post("/reports/{id}/evidence", s.handle(s.addEvidence))
		r.With(s.can(account.ViewPlan)).Get("/evidence/{id}", s.handle(s.evidenceFile))
		r.With(s.can(account.ReportProgress)).Post("/evidence/{id}/delete", s.handle(s.removeEvidence))

		// Publication on the public portal (publication.go): the portal itself is the
		// State's setting; single recommendations and indicators are staff's work.
		r.With(s.can(account.ManageState)).Get("/publication", s.handle(s.publication))
		r.With(s.can(account.ManageState)).Post("/publication", s.handle(s.savePublication))
		// The State's settings (settings.go): its time zone, the clock of consultation windows.
		r.With(s.can(account.ManageState)).Get("/settings", s.handle(s.stateSettings))
		r.With(s.can(account.ManageState)).Post("/settings", s.handle(s.saveSettings))
		r.With(s.can(account.ManageRecommendations)).Post("/recommendations/{id}/publish", s.handle(s.publishRecommendation))
		r.With(s.can(account.ManagePlan)).Post("/indicators/{id}/publish", s.handle(s.publishIndicator))
		// The NHRI's assessment; advisers' grants, review comments and the technical-assistance
		// summary. Outside a current grant an adviser never gets here: resolveTenant answers 404.
		r.With(s.can(account.AssessStatus)).Post("/recommendations/{id}/assessment", s.handle(s.setAssessment))
		r.With(s.can(account.ManageAdvisers)).Get("/advisers", s.handle(s.advisers))
		r.With(s.can(account.ManageAdvisers)).Post("/advisers", s.handle(s.grantAdviser))
		r.With(s.can(account.ManageAdvisers)).Post("/advisers/{id}/revoke", s.handle(s.revokeAdviser))
		r.With(s.can(account.WriteReview)).Post("/review", s.handle(s.addReview))
		r.With(s.can(account.ReplyReview)).Post("/review/{id}/replies", s.handle(s.replyReview))
		r.With(s.can(account.ResolveReview)).Post("/review/{id}/resolve", s.handle(s.resolveReview))
		r.With(s.can(account.ViewAssistance)).Get("/assistance", s.handle(s.assistancePage))
		// Consultations with the NHRI and civil society. The store decides which
		// consultations a person is invited to; others are 404.
		r.With(s.can(account.ViewConsultations)).Get("/consultations", s.handle(s.consultationsList))
		r.With(s.can(account.ManageConsultations)).Get("/consultations/new", s.handle(s.newConsultation))
		r.With(s.can(account.ManageConsultations)).Post("/consultations", s.handle(s.createConsultation))
		r.With(s.can(account.ViewConsultations)).Get("/consultations/{id}", s.handle(s.consultationPage))
		r.With(s.can(account.CommentConsultations), s.RateLimits.upload).Post("/consultations/{id}/comments", s.handle(s.addComment))
		r.With(s.can(account.ViewConsultations)).Get("/consultations/{id}/report", s.handle(s.consultationReport))
		r.With(s.can(account.ManageConsultations)).Post("/consultations/{id}/publish", s.handle(s.publishConsultation))
		r.With(s.can(account.ViewConsultations)).Get("/comments/{id}/file", s.handle(s.commentFile))
		r.With(s.can(account.ManageConsultations)).Post("/comments/{id}/hide", s.handle(s.hideComment))
		r.With(s.can(account.ManageConsultations)).Post("/comments/{id}/answer", s.handle(s.answerComment))
		r.With(s.can(account.ManageConsultations)).Get("/organisations", s.handle(s.organisations))
		r.With(s.can(account.ManageConsultations)).Post("/organisations", s.handle(s.createOrganisation))
		r.With(s.can(account.ManageConsultations)).Post("/registrations/{id}/approve", s.handle(s.decideRegistration(true)))
		r.With(s.can(account.ManageConsultations)).Post("/registrations/{id}/reject", s.handle(s.decideRegistration(false)))

		r.With(s.can(account.ImportRecommendations)).Get("/imports", s.handle(s.imports))
		r.With(s.can(account.ImportRecommendations), s.RateLimits.upload).Post("/imports", s.handle(s.upload))
		r.With(s.can(account.ImportRecommendations)).Get("/imports/{id}", s.handle(s.importPage))
		r.With(s.can(account.ImportRecommendations)).Get("/imports/{id}/progress", s.handle(s.importProgress))
		r.With(s.can(account.ImportRecommendations)).Post("/imports/{id}/mapping", s.handle(s.applyMapping))
		r.With(s.can(account.ImportRecommendations)).Post("/imports/{id}/confirm", s.handle(s.confirmImport))
		r.With(s.can(account.ImportRecommendations)).Post("/imports/{id}/cancel", s.handle(s.cancelImport))
	})
}
