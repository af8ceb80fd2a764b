// Package web gives the browser side of cartelgraph: the GraphiQL playground
// and the graph view (cytoscape.js), built by scripts/web-build from the
// sources in src/ (npm packages pinned in package.json and package-lock.json,
// bundled by esbuild) into dist/, which this package embeds so that the
// server binary carries them.
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

// Playground returns the built pages at its root: the playground
// (index.html, playground.js, playground.css) and the graph view (graph.html,
// graph.js, graph.css). It has neither page when the bundle has not been
// built; scripts/web-build builds it.
func Playground() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // unreachable: "dist" is a valid path
	}
	return sub
}
