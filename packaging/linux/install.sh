#!/usr/bin/env bash
# Install (or, with --uninstall, remove) the built etprio folder for the current user only:
# no root, nothing outside $HOME, following the XDG layout desktops read.
#
#   packaging/linux/install.sh [DIST_FOLDER]      default: dist/etprio
#   packaging/linux/install.sh --uninstall
#
# Puts the app in ~/.local/opt/etprio, the commands in ~/.local/bin, the menu entry,
# the *.etprio file type and the icons in ~/.local/share. User data (settings, logs,
# recovery files) is never touched, also not by --uninstall.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
app_dir="$HOME/.local/opt/etprio"
bin_dir="$HOME/.local/bin"
icons="$data/icons/hicolor"
sizes=(16 32 48 64 128 256)

refresh() {
    # Optional tools: without them the desktop picks the changes up at next login.
    command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
    command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$icons" || true
}

if [[ "${1:-}" == "--uninstall" ]]; then
    rm -rf "$app_dir"
    rm -f "$bin_dir/etprio" "$bin_dir/etprio-gui" "$data/applications/etprio.desktop" \
        "$data/mime/packages/x-etprio.xml" "$icons/scalable/apps/etprio.svg" \
        "$icons/scalable/mimetypes/application-x-etprio.svg"
    for size in "${sizes[@]}"; do
        rm -f "$icons/${size}x${size}/apps/etprio.png" \
            "$icons/${size}x${size}/mimetypes/application-x-etprio.png"
    done
    refresh
    echo "etprio removed (your settings and project files are untouched)"
    exit 0
fi

dist="${1:-$root/dist/etprio}"
if [[ ! -x "$dist/etprio-gui" ]]; then
    echo "no built app in $dist: run 'uv run --group packaging python packaging/build.py'" >&2
    exit 1
fi
source_icons="$dist/_internal/resources/icons"

# Copy to a fresh folder and swap it in, so a failed copy never leaves half an app.
mkdir -p "$(dirname "$app_dir")" "$bin_dir" "$data/applications" "$data/mime/packages"
rm -rf "$app_dir.new"
cp -a "$dist" "$app_dir.new"
rm -rf "$app_dir"
mv "$app_dir.new" "$app_dir"
ln -sfn "$app_dir/etprio" "$bin_dir/etprio"
ln -sfn "$app_dir/etprio-gui" "$bin_dir/etprio-gui"

# The menu entry runs the app by its full path: ~/.local/bin is not on every desktop's PATH.
sed -e "s|^Exec=etprio-gui|Exec=$app_dir/etprio-gui|" \
    -e "s|^TryExec=etprio-gui|TryExec=$app_dir/etprio-gui|" \
    "$here/etprio.desktop" >"$data/applications/etprio.desktop"
cp "$here/x-etprio.xml" "$data/mime/packages/x-etprio.xml"
for kind in apps mimetypes; do
    name=$([[ $kind == apps ]] && echo etprio || echo application-x-etprio)
    mkdir -p "$icons/scalable/$kind"
    cp "$source_icons/etprio.svg" "$icons/scalable/$kind/$name.svg"
    for size in "${sizes[@]}"; do
        mkdir -p "$icons/${size}x${size}/$kind"
        cp "$source_icons/etprio-$size.png" "$icons/${size}x${size}/$kind/$name.png"
    done
done
refresh
echo "etprio installed in $app_dir; start it from the menu or with 'etprio-gui'"
