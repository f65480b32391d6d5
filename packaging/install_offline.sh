#!/usr/bin/env bash
# Install (or upgrade) 重点任务督查督办 on Linux from a wheelhouse folder, without network.
#   bash install_offline.sh [WHEELHOUSE] [TARGET]
# WHEELHOUSE: the folder with the .whl files and requirements.txt (default: this script's
#             folder, where packaging/wheelhouse.py puts a copy of it).
# TARGET:     where the program goes (default: ~/supervisor-app). Running the script again
#             with a newer wheelhouse upgrades the program; the data folder is never touched.
# PYTHON:     the interpreter to use (default: python3; 3.11 or 3.12).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
wheelhouse=$(cd "${1:-$here}" && pwd)
target=${2:-$HOME/supervisor-app}
python=${PYTHON:-python3}

if ! ls "$wheelhouse"/*.whl >/dev/null 2>&1 || [ ! -f "$wheelhouse/requirements.txt" ]; then
  echo "错误：$wheelhouse 中没有安装包（*.whl 和 requirements.txt）。" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] not in ((3, 11), (3, 12)))'; then
  echo "错误：需要 Python 3.11 或 3.12（当前：$("$python" --version 2>&1)）。可用 PYTHON=python3.11 指定。" >&2
  exit 1
fi

if [ ! -x "$target/bin/python" ]; then
  echo "创建程序文件夹：$target"
  "$python" -m venv "$target"
fi
# No configuration file may add an index or a mirror: only the wheelhouse counts.
export PIP_CONFIG_FILE=/dev/null PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1
"$target/bin/python" -m pip install --no-index --find-links "$wheelhouse" --upgrade \
  -r "$wheelhouse/requirements.txt"

echo "安装完成。"
if [ -x "$target/bin/supervisor-gui" ]; then
  echo "启动图形界面：$target/bin/supervisor-gui"
  echo "命令行帮助：  $target/bin/supervisor --help"
fi
