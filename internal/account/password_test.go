package account

import (
	"strings"
	"testing"
)

func TestPasswordHashing(t *testing.T) {
	t.Parallel()
	h, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=1,p=2$") {
		t.Errorf("unexpected encoding %q", h)
	}
	if strings.Contains(h, "correct horse") {
		t.Fatal("the hash contains the password")
	}
	if !CheckPassword(h, "correct horse battery staple") {
		t.Error("the right password is refused")
	}
	for _, wrong := range []string{"", "correct horse battery stapl", "Correct horse battery staple"} {
		if CheckPassword(h, wrong) {
			t.Errorf("wrong password %q accepted", wrong)
		}
	}
	h2, _ := HashPassword("correct horse battery staple")
	if h == h2 {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, bad := range []string{"", "plain", "$argon2id$v=19$m=1,t=1,p=1$!!$!!", "$bcrypt$x$y$z$w"} {
		if CheckPassword(bad, "anything") {
			t.Errorf("malformed hash %q matched", bad)
		}
	}
}

func TestPermissionTable(t *testing.T) {
	t.Parallel()
	for _, r := range Roles {
		if !Can(r, ViewWorkspace) {
			t.Errorf("%s cannot see its own State's workspace", r)
		}
	}
	if Can(RoleNMRFStaff, ManageUsers) || !Can(RoleNMRFAdmin, ManageUsers) {
		t.Error("only NMRF administrators manage users")
	}
	if Can(Role("king"), ViewWorkspace) || Role("king").Valid() {
		t.Error("an unknown role is accepted")
	}
}
