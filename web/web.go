// Package web gives the browser side of cartelgraph: the GraphiQL playground,
// built by scripts/web-build from the sources in src/ (npm packages pinned in
// package.json and package-lock.json, bundled by esbuild) into dist/, which
// this package embeds so that the server binary carries it.
//
// The bundle is self-contained: the page loads nothing from outside the
// server that serves it.
package web

import (
	"embed"
	"io/fs"
)

// dist holds the built bundle, or only .gitkeep when it was never built.
//
//go:embed all:dist
var dist embed.FS

// Playground returns the built playground: index.html, playground.js and
// playground.css at its root. It has no index.html when the bundle has not
// been built; scripts/web-build builds it.
func Playground() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // unreachable: "dist" is a valid path
	}
	return sub
}
