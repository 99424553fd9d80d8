from bindung.cli import main

main()
