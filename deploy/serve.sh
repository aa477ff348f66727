#!/usr/bin/env bash
# `make serve`: the platform under the production settings on this machine, for a single-node deployment or to
# try the production setup: refuses without the required environment, then migrates, collects the static files,
# loads the 2023 notice, checks the deployment, and runs gunicorn (deploy/gunicorn.conf.py) and `manage.py worker`
# until Ctrl+C stops both. A multi-node deployment runs the same steps through systemd (docs/operations.md, 部署).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}
PACK=${PACK:-policy_packs/hengyang-2023-gxj51}

missing=()
for name in DATABASE_URL SECRET_KEY AUDIT_HMAC_KEY PERSONAL_DATA_KEY ALLOWED_HOSTS; do
  [ -n "${!name:-}" ] || missing+=("$name")
done
if [ "${#missing[@]}" -gt 0 ]; then
  {
    echo "make serve 以生产配置（config.settings.production）运行，缺少以下环境变量：${missing[*]}"
    echo "请按 deploy/hengyang.env.example 准备环境文件，然后：set -a; . /etc/hengyang/hengyang.env; set +a; make serve"
    echo "只想在本机试用（SQLite、演示账号），请用 make run。"
  } >&2
  exit 2
fi

export DJANGO_SETTINGS_MODULE=config.settings.production
# The production settings refuse a weak or development key, or SQLite: say which, without a traceback.
"$BIN/python" - <<'EOF'
import sys

import django
from django.core.exceptions import ImproperlyConfigured

try:
    django.setup()
except ImproperlyConfigured as refusal:
    sys.exit(f"生产配置有误：{refusal}")
EOF

"$BIN/python" manage.py migrate --noinput
"$BIN/python" manage.py collectstatic --noinput --verbosity 0
"$BIN/python" manage.py pack load "$PACK"
# Errors stop here (a missing manifest, the second factor off); warnings are printed and explained in
# docs/operations.md (check --deploy 的警告).
"$BIN/python" manage.py check --deploy

web="" worker=""
stop() {
  trap - EXIT INT TERM
  [ -n "$web" ] && kill -TERM "$web" 2>/dev/null
  [ -n "$worker" ] && kill -TERM "$worker" 2>/dev/null
  wait
}
trap stop EXIT INT TERM
"$BIN/gunicorn" --config deploy/gunicorn.conf.py config.wsgi &
web=$!
"$BIN/python" manage.py worker --no-reload &
worker=$!
echo "生产配置已启动：gunicorn 监听 ${GUNICORN_BIND:-127.0.0.1:8000}（进程 $web），后台 worker（进程 $worker）。按 Ctrl+C 停止。"
# Whichever ends first (Ctrl+C, or a crash), the other is stopped too.
wait -n || true
