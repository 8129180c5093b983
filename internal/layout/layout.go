// Package layout holds the tests that keep the suite's source tree readable: file and
// function sizes, and knowledge declared once, in the catalog (packages bench and
// strategies), rather than copied into the commands; and the tests that keep the GitHub
// Actions workflows to the project's rules (read-only token, pinned actions, no secrets,
// make targets that exist).
package layout
