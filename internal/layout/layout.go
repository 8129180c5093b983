// Package layout holds the tests that keep the suite's source tree readable: file and
// function sizes, and knowledge declared once, in the catalog (packages bench and
// strategies), rather than copied into the commands.
package layout
