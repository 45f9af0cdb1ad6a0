#!/usr/bin/env bash
# Render nginx/ for loopback and check it with the local nginx binary (`nginx -t`).
#
#   scripts/ops/nginx-test.sh [OUT_DIR]
#
# Renders two trees, OUT_DIR/plain (nginx/templates) and OUT_DIR/tls (nginx/templates-tls, with a
# throw-away self-signed certificate), exactly as the image would, except that:
#   /etc/nginx/ -> OUT_DIR/<variant>/etc/nginx/   /usr/share/nginx/html -> .../html   /tmp/ -> .../run/
#   listen 8080/8443 -> $NGINX_HTTP_PORT/$NGINX_HTTPS_PORT, ${API_UPSTREAM} -> 127.0.0.1:$API_PORT
# Without OUT_DIR a temporary directory is used and removed. Needs nginx, envsubst, openssl.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
src="$repo/nginx"
http_port="${NGINX_HTTP_PORT:-8080}"
https_port="${NGINX_HTTPS_PORT:-8443}"
api_port="${API_PORT:-8000}"
nginx_bin="${NGINX_BIN:-$(command -v nginx || true)}"
[ -n "$nginx_bin" ] || nginx_bin=/usr/sbin/nginx
if [ ! -x "$nginx_bin" ]; then
    echo "nginx-test: nginx binary not found (apt-get install nginx-light)" >&2
    exit 2
fi
mime_types="${NGINX_MIME_TYPES:-/etc/nginx/mime.types}"

if [ $# -ge 1 ]; then
    out="$1"
    mkdir -p "$out"
else
    out="$(mktemp -d)"
    trap 'rm -rf "$out"' EXIT
fi
out="$(cd "$out" && pwd)"

relocate() { # relocate FILE ROOT: rewrite the image's absolute paths and ports under ROOT
    sed -e "s#/tmp/#$2/run/#g" \
        -e "s#/etc/nginx/#$2/etc/nginx/#g" \
        -e "s#/usr/share/nginx/html#$2/html#g" \
        -e "s#listen 8080#listen 127.0.0.1:$http_port#g" \
        -e "s#listen 8443#listen 127.0.0.1:$https_port#g" \
        "$1"
}

render() { # render VARIANT TEMPLATE_DIR
    local root="$out/$1"
    rm -rf "$root"
    mkdir -p "$root/etc/nginx/conf.d" "$root/etc/nginx/snippets" "$root/etc/nginx/certs" \
        "$root/html/assets" "$root/html/docs-assets" "$root/run"
    cp "$mime_types" "$root/etc/nginx/mime.types"
    relocate "$src/nginx.conf" "$root" >"$root/etc/nginx/nginx.conf"
    for f in "$src"/snippets/*.conf; do
        relocate "$f" "$root" >"$root/etc/nginx/snippets/$(basename "$f")"
    done
    for t in "$2"/*.template; do
        API_UPSTREAM="127.0.0.1:$api_port" envsubst '${API_UPSTREAM}' <"$t" >"$root/run/tmp.conf"
        relocate "$root/run/tmp.conf" "$root" >"$root/etc/nginx/conf.d/$(basename "$t" .template)"
        rm "$root/run/tmp.conf"
    done
    # A stand-in SPA build.
    printf '<!doctype html><html><body><div id="root"></div><script type="module" src="/assets/app.js"></script></body></html>\n' \
        >"$root/html/index.html"
    python3 -c "print('console.log(\"csv-analyzer\");' * 200)" >"$root/html/assets/app.js"
    printf 'window.SwaggerUIBundle = function () {};\n' >"$root/html/docs-assets/swagger-ui-bundle.js"
}

render plain "$src/templates"
render tls "$src/templates-tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
    -keyout "$out/tls/etc/nginx/certs/privkey.pem" -out "$out/tls/etc/nginx/certs/fullchain.pem" \
    >/dev/null 2>&1

status=0
for variant in plain tls; do
    root="$out/$variant"
    if "$nginx_bin" -t -q -p "$root/run" -e "$root/run/error.log" -c "$root/etc/nginx/nginx.conf"; then
        echo "nginx-test: $variant: configuration OK ($root)"
    else
        echo "nginx-test: $variant: configuration FAILED" >&2
        cat "$root/run/error.log" >&2 || true
        status=1
    fi
done
exit "$status"
