package server

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// assets serves the browser pages from memory: each file read once, with an
// ETag, and gzipped once when that makes it smaller.
type assets struct {
	files map[string]*asset
}

type asset struct {
	body, gzipped []byte
	contentType   string
	etag          string
}

// contentSecurityPolicy keeps the pages to their own server: a script or
// style from anywhere else (a CDN) would not load.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"

func loadAssets(fsys fs.FS, log *slog.Logger) *assets {
	a := &assets{files: map[string]*asset{}}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && name != "." {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		ct := mime.TypeByExtension(path.Ext(name))
		if ct == "" {
			ct = http.DetectContentType(body)
		}
		sum := sha256.Sum256(body)
		f := &asset{body: body, contentType: ct, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
		var z bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&z, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		if z.Len() < len(body)*9/10 {
			f.gzipped = z.Bytes()
		}
		a.files[name] = f
		return nil
	})
	if err != nil {
		log.Error("http: reading the embedded pages and assets", "err", err)
	}
	return a
}

// pages maps the paths of the pages to the files that hold them.
func pages() map[string]string {
	return map[string]string{"": "index.html", "graph": "graph.html"}
}

// missingPage is what / and /graph show when the bundle was not built.
const missingPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cartelgraph · pages not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em}code,pre{background:#f3f3f3;padding:.1em .3em}</style>
</head><body>
<h1>The playground and the graph view are not built</h1>
<p>This cartelgraph binary was built without the assets of the GraphiQL
playground and the graph view (<code>web/dist</code> was empty). The GraphQL
endpoint works: POST a query to <code>/graphql</code>.</p>
<p>To get the pages, build their assets from the npm registry and rebuild the binary:</p>
<pre>scripts/web-build
go build ./cmd/cartelgraph</pre>
</body></html>
`

func (a *assets) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, r.Method+" is not supported here; the GraphQL endpoint is /graphql", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	page, isPage := pages()[name]
	if isPage {
		name = page
	}
	f, ok := a.files[name]
	if !ok {
		if isPage {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.Header().Set("Content-Security-Policy", contentSecurityPolicy)
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(missingPage))
			return
		}
		http.NotFound(w, r)
		return
	}
	body, etag := f.body, f.etag
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "no-cache")
	h.Add("Vary", "Accept-Encoding")
	if strings.HasPrefix(f.contentType, "text/html") {
		h.Set("Content-Security-Policy", contentSecurityPolicy)
	}
	if f.gzipped != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body, etag = f.gzipped, strings.TrimSuffix(etag, `"`)+`-gzip"`
	}
	h.Set("ETag", etag)
	if match := r.Header.Get("If-None-Match"); match != "" && strings.Contains(match, etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, params, _ := strings.Cut(part, ";")
		if strings.TrimSpace(enc) != "gzip" {
			continue
		}
		q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
		if !ok {
			return true
		}
		v, err := strconv.ParseFloat(q, 64)
		return err == nil && v > 0
	}
	return false
}
