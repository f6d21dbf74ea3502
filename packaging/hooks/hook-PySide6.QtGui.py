"""PyInstaller's own QtGui hook, minus Qt plugins a desktop app on a laptop never uses.

- ``platformthemes/libqgtk3.so`` links the whole GTK 3 stack, so on a build machine where
  GTK happens to be installed the bundle silently grows by ~16 MB of system libraries
  (libgtk-3, gdk, pango, cairo, atk, epoxy...). Qt draws its own widgets and still follows
  the desktop's settings through the xdg-desktop-portal theme.
- The embedded-device back ends (eglfs, linuxfb, VNC, Vulkan display, TUIO touch over the
  network) are for kiosks and boards without a desktop; VNC and TUIO alone pull in QtNetwork.

Removing them here, in a hook, rather than from the finished file list, keeps the libraries
they link out too. xcb, wayland, offscreen (headless smoke tests) and minimal stay. On
Windows and macOS none of the names matches.
"""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

UNUSED_PLUGINS = ("qgtk3", "qeglfs", "qlinuxfb", "qminimalegl", "qvnc", "qvkkhrdisplay", "qtuio")

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [
    (source, dest)
    for source, dest in binaries
    if not any(name in source for name in UNUSED_PLUGINS) and "egldeviceintegrations" not in dest
]
