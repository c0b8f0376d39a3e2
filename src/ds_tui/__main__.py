from ds_tui.cli import main

raise SystemExit(main())
