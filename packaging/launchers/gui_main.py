"""Entry script frozen into ``etprio-gui``, the windowed executable (no console window on
Windows), as ``etprio.gui.launch:main`` is for pip's gui-script (``packaging/etprio.spec``).
Arguments pass through, so ``etprio-gui PROJECT.etprio`` (a double-clicked file) opens it.
"""

from frozen_setup import arm_smoke_test, prepare

if __name__ == "__main__":
    prepare(windowed=True)
    arm_smoke_test()

    from etprio.gui.launch import main

    main()
