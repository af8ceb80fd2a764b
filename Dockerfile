# syntax=docker/dockerfile:1
# cartelgraph's image: docker compose up (see docker-compose.yml), or
#   docker build -t cartelgraph . && docker run --rm -p 127.0.0.1:8080:8080 cartelgraph
# The web UI (web/dist) and the gazetteer are embedded in the binary; the
# example articles are copied to /app/examples.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/cartelgraph ./cmd/cartelgraph

FROM gcr.io/distroless/base-debian12:nonroot
WORKDIR /app
COPY --from=build /out/cartelgraph /usr/local/bin/cartelgraph
COPY examples /app/examples
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/cartelgraph"]
CMD ["serve", "--addr", "0.0.0.0:8080", "--load", "/app/examples"]
