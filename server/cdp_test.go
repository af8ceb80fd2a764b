package server_test

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// cdp drives headless Chromium over the DevTools protocol, with the
// standard library only: Chromium started with --remote-debugging-pipe reads
// commands on its file descriptor 3 and writes answers and events on 4, each
// a JSON message ended by a NUL byte.
type cdp struct {
	t        *testing.T
	cmd      *exec.Cmd
	toChrome *os.File

	mu       sync.Mutex
	nextID   int
	waiting  map[int]chan cdpMessage
	problems []string // errors the page reported: exceptions, console errors, CSP violations
	exited   chan struct{}

	session string // the page's session
}

type cdpMessage struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// cdpTimeout bounds one command, and every wait for the page.
const cdpTimeout = 60 * time.Second

// openCDP starts Chromium and opens a blank page of width x height CSS
// pixels. Chromium is stopped when the test ends.
func openCDP(t *testing.T, width, height int) *cdp {
	t.Helper()
	fromTest, toChrome, err := os.Pipe() // Chromium's fd 3
	if err != nil {
		t.Fatal(err)
	}
	fromChrome, toTest, err := os.Pipe() // Chromium's fd 4
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	flags := append(chromiumFlags(t), "--remote-debugging-pipe", fmt.Sprintf("--window-size=%d,%d", width, height), "about:blank")
	cmd := exec.CommandContext(ctx, chromium, flags...)
	cmd.ExtraFiles = []*os.File{fromTest, toTest}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("chromium: %v", err)
	}
	fromTest.Close()
	toTest.Close()
	c := &cdp{t: t, cmd: cmd, toChrome: toChrome, waiting: map[int]chan cdpMessage{}, exited: make(chan struct{})}
	go c.read(fromChrome)
	go func() {
		cmd.Wait()
		close(c.exited)
	}()
	t.Cleanup(func() {
		c.send(cdpMessage{Method: "Browser.close"}, nil)
		select {
		case <-c.exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-c.exited
		}
		cancel()
		toChrome.Close()
		fromChrome.Close()
		if t.Failed() && stderr.Len() > 0 {
			t.Logf("chromium's stderr:\n%.3000s", stderr.String())
		}
	})

	var target struct{ TargetID string }
	c.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var attached struct{ SessionID string }
	c.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached)
	c.session = attached.SessionID
	for _, domain := range []string{"Page", "Runtime", "Log"} {
		c.do(domain+".enable", nil, nil)
	}
	c.do("Emulation.setDeviceMetricsOverride", map[string]any{"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}, nil)
	return c
}

// read dispatches Chromium's messages: answers to their callers, the page's
// errors to problems.
func (c *cdp) read(r *os.File) {
	br := bufio.NewReader(r)
	for {
		raw, err := br.ReadBytes(0)
		if err != nil {
			c.mu.Lock()
			for id, ch := range c.waiting {
				close(ch)
				delete(c.waiting, id)
			}
			c.mu.Unlock()
			return
		}
		var m cdpMessage
		if json.Unmarshal(raw[:len(raw)-1], &m) != nil {
			continue
		}
		if m.ID != 0 {
			c.mu.Lock()
			ch := c.waiting[m.ID]
			delete(c.waiting, m.ID)
			c.mu.Unlock()
			if ch != nil {
				ch <- m
			}
			continue
		}
		if problem := pageProblem(m); problem != "" {
			c.mu.Lock()
			c.problems = append(c.problems, problem)
			c.mu.Unlock()
		}
	}
}

// pageProblem describes an event that reports an error of the page, or
// returns "".
func pageProblem(m cdpMessage) string {
	switch m.Method {
	case "Runtime.exceptionThrown":
		var p struct {
			ExceptionDetails struct {
				Text      string
				Exception struct{ Description string }
			}
		}
		json.Unmarshal(m.Params, &p)
		return "exception: " + p.ExceptionDetails.Text + " " + p.ExceptionDetails.Exception.Description
	case "Runtime.consoleAPICalled":
		var p struct {
			Type string
			Args []struct {
				Value       any
				Description string
			}
		}
		json.Unmarshal(m.Params, &p)
		if p.Type != "error" && p.Type != "assert" {
			return ""
		}
		var parts []string
		for _, a := range p.Args {
			if a.Value != nil {
				parts = append(parts, fmt.Sprint(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		return "console." + p.Type + ": " + strings.Join(parts, " ")
	case "Log.entryAdded":
		var p struct {
			Entry struct{ Source, Level, Text, URL string }
		}
		json.Unmarshal(m.Params, &p)
		if p.Entry.Level != "error" {
			return ""
		}
		return fmt.Sprintf("%s error: %s %s", p.Entry.Source, p.Entry.Text, p.Entry.URL)
	}
	return ""
}

// send writes m with a fresh ID and returns the channel its answer comes on.
func (c *cdp) send(m cdpMessage, params any) chan cdpMessage {
	c.mu.Lock()
	c.nextID++
	m.ID = c.nextID
	ch := make(chan cdpMessage, 1)
	c.waiting[m.ID] = ch
	c.mu.Unlock()
	out := struct {
		ID        int    `json:"id"`
		Method    string `json:"method"`
		Params    any    `json:"params,omitempty"`
		SessionID string `json:"sessionId,omitempty"`
	}{m.ID, m.Method, params, m.SessionID}
	b, err := json.Marshal(out)
	if err != nil {
		panic(err)
	}
	if _, err := c.toChrome.Write(append(b, 0)); err != nil {
		c.mu.Lock()
		delete(c.waiting, m.ID)
		c.mu.Unlock()
		close(ch)
	}
	return ch
}

// call runs a command in session ("" for the browser) and decodes its result
// into result, failing the test when it fails.
func (c *cdp) call(session, method string, params, result any) {
	c.t.Helper()
	ch := c.send(cdpMessage{Method: method, SessionID: session}, params)
	select {
	case m, ok := <-ch:
		if !ok {
			c.t.Fatalf("chromium: %s: Chromium has gone", method)
		}
		if m.Error != nil {
			c.t.Fatalf("chromium: %s: %s", method, m.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				c.t.Fatalf("chromium: %s: %v", method, err)
			}
		}
	case <-time.After(cdpTimeout):
		c.t.Fatalf("chromium: %s: no answer in %v", method, cdpTimeout)
	}
}

// do runs a command on the page.
func (c *cdp) do(method string, params, result any) {
	c.t.Helper()
	c.call(c.session, method, params, result)
}

// navigate opens url in the page and waits for it to load.
func (c *cdp) navigate(url string) {
	c.t.Helper()
	var res struct{ ErrorText string }
	c.do("Page.navigate", map[string]any{"url": url}, &res)
	if res.ErrorText != "" {
		c.t.Fatalf("chromium: opening %s: %s", url, res.ErrorText)
	}
	c.waitFor("the page to load", `document.readyState === "complete"`)
}

// eval evaluates a JavaScript expression in the page, awaiting it when it is
// a promise, and decodes its value into result.
func (c *cdp) eval(expr string, result any) {
	c.t.Helper()
	var res struct {
		Result struct {
			Value json.RawMessage
		}
		ExceptionDetails *struct {
			Text      string
			Exception struct{ Description string }
		}
	}
	c.do("Runtime.evaluate", map[string]any{"expression": expr, "awaitPromise": true, "returnByValue": true}, &res)
	if e := res.ExceptionDetails; e != nil {
		c.t.Fatalf("chromium: %s: %s %s", expr, e.Text, e.Exception.Description)
	}
	if result != nil && len(res.Result.Value) > 0 {
		if err := json.Unmarshal(res.Result.Value, result); err != nil {
			c.t.Fatalf("chromium: %s = %s: %v", expr, res.Result.Value, err)
		}
	}
}

// waitFor waits until the expression is true in the page.
func (c *cdp) waitFor(what, expr string) {
	c.t.Helper()
	deadline := time.Now().Add(cdpTimeout)
	for {
		var ok bool
		c.eval("!!("+expr+")", &ok)
		if ok {
			return
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("chromium: waited %v for %s (%s)", cdpTimeout, what, expr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// click presses and releases the left mouse button at x, y (CSS pixels).
func (c *cdp) click(x, y float64) {
	c.t.Helper()
	for _, typ := range []string{"mouseMoved", "mousePressed", "mouseReleased"} {
		c.do("Input.dispatchMouseEvent", map[string]any{"type": typ, "x": x, "y": y, "button": "left", "clickCount": 1}, nil)
	}
}

// typeText types text into the focused element.
func (c *cdp) typeText(text string) {
	c.t.Helper()
	c.do("Input.insertText", map[string]any{"text": text}, nil)
}

// screenshot saves the page as a PNG file.
func (c *cdp) screenshot(path string) {
	c.t.Helper()
	var res struct{ Data string }
	c.do("Page.captureScreenshot", map[string]any{"format": "png"}, &res)
	png, err := base64.StdEncoding.DecodeString(res.Data)
	if err != nil {
		c.t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		c.t.Fatal(err)
	}
}

// pageProblems returns the errors the page reported so far.
func (c *cdp) pageProblems() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.problems...)
}
