from winloss.cli import main

main()
