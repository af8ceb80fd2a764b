package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"
)

// peerStart bounds how long @neo4j/graphql may take to build its schema and listen.
const peerStart = 60 * time.Second

// peerMissing says why the peer cannot run, or "" when it can.
func peerMissing(p *Peer) string {
	for _, f := range []string{"server.mjs", "typeDefs.graphql", "node_modules/@neo4j/graphql/package.json"} {
		if _, err := os.Stat(filepath.Join(p.Dir, f)); err != nil {
			if strings.HasPrefix(f, "node_modules") {
				return fmt.Sprintf("%s has no node_modules: run npm ci --prefix %s", p.Dir, p.Dir)
			}
			return fmt.Sprintf("%s has no %s", p.Dir, f)
		}
	}
	if _, err := exec.LookPath(node(p)); err != nil {
		return "no node on PATH"
	}
	return ""
}

func node(p *Peer) string {
	if p.Node != "" {
		return p.Node
	}
	return "node"
}

// peer is a running @neo4j/graphql server.
type peer struct {
	cmd     *exec.Cmd
	stdin   io.Closer
	url     string
	done    chan struct{}
	stopped sync.Once
}

// startPeer starts bench/neo4jgraphql/server.mjs on a free loopback port
// and waits until it listens.
func startPeer(ctx context.Context, p *Peer, db *Neo4j) (*peer, error) {
	cmd := exec.Command(node(p), "server.mjs")
	cmd.Dir = p.Dir
	cmd.Env = append(os.Environ(), "PORT=0", "NEO4J_URI="+db.URI, "NEO4J_USER="+db.User,
		"NEO4J_PASSWORD="+db.Password, "NEO4J_DATABASE="+db.Database)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	pr := &peer{cmd: cmd, stdin: stdin, done: make(chan struct{})}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
	}()
	go func() {
		cmd.Wait()
		close(pr.done)
	}()
	timer := time.NewTimer(peerStart)
	defer timer.Stop()
	for {
		select {
		case l := <-lines:
			if u, ok := strings.CutPrefix(l, "listening "); ok {
				pr.url = strings.TrimSpace(u)
				return pr, nil
			}
		case <-pr.done:
			return nil, fmt.Errorf("node server.mjs exited before listening: %s", strings.TrimSpace(stderr.String()))
		case <-timer.C:
			pr.stop()
			return nil, fmt.Errorf("node server.mjs did not listen within %v: %s", peerStart, strings.TrimSpace(stderr.String()))
		case <-ctx.Done():
			pr.stop()
			return nil, ctx.Err()
		}
	}
}

// stop asks the server to stop (SIGTERM, and its standard input closed), and
// kills it when it has not within five seconds.
// It may be called more than once.
func (p *peer) stop() {
	p.stopped.Do(func() {
		p.stdin.Close()
		p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(5 * time.Second):
			p.cmd.Process.Kill()
			<-p.done
		}
	})
}
