// Package demo loads a small, fictional data set so a newcomer can sign in and look
// around. The States use the user-assigned codes XAA–XZZ and the people are named by
// their role, never as invented persons. Loading it twice changes nothing.
package demo

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/nmrf-platform/nmrf/internal/account"
	"github.com/nmrf-platform/nmrf/internal/fault"
	"github.com/nmrf-platform/nmrf/internal/tenancy"
)

// Password is the demo accounts' password; demo data is for local use only.
const Password = "demo-password-2026"

// SignIn is one demo account, printed after loading.
type SignIn struct {
	Email, Role, State string
}

type person struct {
	email, name string
	role        account.Role
}

type demoState struct {
	code, name, lang string
	people           []person
}

var states = []demoState{
	{"XAR", "Arcadia (demo)", "en", []person{
		{"nmrf.admin@arcadia.example", "NMRF administrator of Arcadia", account.RoleNMRFAdmin},
		{"nmrf.staff@arcadia.example", "NMRF officer of Arcadia", account.RoleNMRFStaff},
		{"focal.justice@arcadia.example", "Focal point, Ministry of Justice of Arcadia", account.RoleFocalPoint},
		{"focal.health@arcadia.example", "Focal point, Ministry of Health of Arcadia", account.RoleFocalPoint},
		{"focal.labour@arcadia.example", "Focal point, Ministry of Labour and Social Affairs of Arcadia", account.RoleFocalPoint},
		{"focal.gender@arcadia.example", "Focal point, Gender Equality Office of Arcadia", account.RoleFocalPoint},
		{"focal.statistics@arcadia.example", "Focal point, National Statistics Office of Arcadia", account.RoleFocalPoint},
		{"nhri@arcadia.example", "Human Rights Commission of Arcadia", account.RoleNHRI},
		{"civil.society@arcadia.example", "Civil society network of Arcadia", account.RoleCivilSociety},
		{"adviser@ohchr.example", "OHCHR adviser", account.RoleAdviser},
	}},
	{"XBO", "Borealis (demo)", "fr", []person{
		{"nmrf.admin@borealis.example", "NMRF administrator of Borealis", account.RoleNMRFAdmin},
		{adviserEmail, "OHCHR adviser", account.RoleAdviser},
	}},
}

// Load creates the demo States and accounts, and Arcadia's recommendations, entities and
// clusters, its implementation plan, indicators, progress reports and consultations, or brings them back
// to their demo form.
func Load(ctx context.Context, pool *pgxpool.Pool, accounts *account.Service, tenants *tenancy.Store) ([]SignIn, error) {
	admin, err := accounts.CreateUser(ctx, account.NewUser{
		Email: "platform.admin@nmrf.example", Name: "Platform administrator", Password: Password, PlatformAdmin: true,
	})
	if err != nil {
		return nil, fmt.Errorf("platform admin: %w", err)
	}
	out := []SignIn{{Email: admin.Email, Role: "platform admin"}}
	for _, s := range states {
		t, err := tenants.Create(ctx, tenancy.NewTenant{Code: s.code, Name: s.name, Language: s.lang})
		if fault.FieldsOf(err)["code"] == "Admin.State.CodeTaken" {
			t, err = tenants.ByCode(ctx, s.code)
		}
		if err != nil {
			return nil, fmt.Errorf("state %s: %w", s.code, err)
		}
		users := map[string]int64{}
		for _, p := range s.people {
			u, err := accounts.CreateUser(ctx, account.NewUser{Email: p.email, Name: p.name, Password: Password})
			if err != nil {
				return nil, fmt.Errorf("user %s: %w", p.email, err)
			}
			if err := accounts.AddMembership(ctx, t.ID, u.ID, p.role); err != nil {
				return nil, fmt.Errorf("membership %s: %w", p.email, err)
			}
			users[p.email] = u.ID
			out = append(out, SignIn{Email: p.email, Role: string(p.role), State: s.code})
		}
		if s.code == "XAR" {
			if err := loadRecommendations(ctx, pool, t.ID, s.code); err != nil {
				return nil, fmt.Errorf("state %s: %w", s.code, err)
			}
			if err := loadPlan(ctx, pool, t.ID, s.code, users); err != nil {
				return nil, fmt.Errorf("state %s: %w", s.code, err)
			}
			if err := loadPublication(ctx, pool, t.ID); err != nil {
				return nil, fmt.Errorf("state %s: publication: %w", s.code, err)
			}
			if err := loadConsultations(ctx, pool, t.ID, users); err != nil {
				return nil, fmt.Errorf("state %s: %w", s.code, err)
			}
		}
	}
	if err := loadAdvisory(ctx, pool, accounts, tenants); err != nil {
		return nil, fmt.Errorf("advisers and assessments: %w", err)
	}
	return out, nil
}
