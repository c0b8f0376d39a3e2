from ds_tui.entry import main

raise SystemExit(main())
