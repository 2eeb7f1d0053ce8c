// Package reference holds the fixed reference tables the NMRF works with: the human
// rights mechanisms recommendations come from, the States (UN Member States and the two
// observer States) with their names in the six UN languages, and the Sustainable
// Development Goals and targets. It also reads the many ways import files write these:
// old and variant country names, body names, document symbols and SDG cells.
//
// The tables are written by this project, built once and never changed; every function
// returns copies, so callers cannot alter them.
package reference
