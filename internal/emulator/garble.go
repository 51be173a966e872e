package emulator

import (
	"bytes"
	"net/http"
	"strconv"
)

// Garble corrupts the responses to matching requests after the server has
// written them, to test what a client makes of a body that is cut short,
// is not XML, or holds bytes that are not UTF-8. The status code and
// headers are kept; Content-Length follows the new body, so the damage is
// in the document, not in the transport.
type Garble struct {
	Rule
	// Body returns the body to send instead of the one written.
	Body func(body []byte) []byte
}

// Truncate keeps the first half of a body.
func Truncate(body []byte) []byte { return body[:len(body)/2] }

// NotXML replaces a body with something no XML parser accepts.
func NotXML([]byte) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>` + "\n<Response><<<&&&\x00</Mismatched>")
}

// Replace returns a Body func that replaces every old with new, for
// planting bytes (invalid UTF-8, control characters) the XML encoder would
// never write.
func Replace(old, new string) func([]byte) []byte {
	return func(body []byte) []byte { return bytes.ReplaceAll(body, []byte(old), []byte(new)) }
}

// garble wraps w when a Garble rule matches the call. The returned func
// sends the (changed) response and must run once the handler is done.
func (s *Server) garble(w http.ResponseWriter, c Call) (http.ResponseWriter, func()) {
	for _, g := range s.opts.Garble {
		if g.matches(c) {
			gw := &garbleWriter{ResponseWriter: w, status: http.StatusOK}
			return gw, func() { gw.send(g.Body) }
		}
	}
	return w, func() {}
}

// garbleWriter holds a response back until it can be changed whole.
type garbleWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (g *garbleWriter) WriteHeader(status int)      { g.status = status }
func (g *garbleWriter) Write(p []byte) (int, error) { return g.body.Write(p) }

func (g *garbleWriter) send(body func([]byte) []byte) {
	out := body(g.body.Bytes())
	g.Header().Set("Content-Length", strconv.Itoa(len(out)))
	g.ResponseWriter.WriteHeader(g.status)
	_, _ = g.ResponseWriter.Write(out)
}

// html500 is the page moto 5.2.1 (through Werkzeug) sends for a service it
// does not implement. It is not well-formed XML either (the attribute is
// unquoted), as such pages seldom are.
const html500 = `<!doctype html>
<html lang=en>
<title>500 Internal Server Error</title>
<h1>Internal Server Error</h1>
<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>
`

func writeHTML500(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write([]byte(html500))
}

// drop closes the connection without an answer, as a proxy or load
// balancer that gives up on a request does.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	// Not hijackable (a garbled or recorded response): abort the handler,
	// which net/http turns into a broken connection.
	panic(http.ErrAbortHandler)
}
