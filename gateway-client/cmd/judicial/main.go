// Command judicial drives the judicial chaincode through a Fabric gateway.
package main

import (
	"os"

	"github.com/courtchain/judicial/gateway-client/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdout, os.Stderr))
}
