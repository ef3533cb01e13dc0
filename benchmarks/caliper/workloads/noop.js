'use strict';

// Submits system:Noop, the baseline for anchor.js; with the round arguments
// contractFunction: system:Ping and readOnly: true it evaluates the
// evaluate baseline for verify.js and check.js instead. Measured on the
// same network in the same run; any enrolled identity may call either.

const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const { settings } = require('./common');

class NoopWorkload extends WorkloadModuleBase {
    async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
        await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
        this.args = settings(roundArguments, { invokerMspId: 'CourtMSP', invokerIdentity: 'clerk1', contractFunction: 'system:Noop', readOnly: false });
    }

    async submitTransaction() {
        return this.sutAdapter.sendRequests({
            contractId: this.args.contractId,
            contractFunction: this.args.contractFunction,
            contractArguments: [],
            invokerMspId: this.args.invokerMspId,
            invokerIdentity: this.args.invokerIdentity,
            readOnly: this.args.readOnly,
        });
    }
}

module.exports.createWorkloadModule = () => new NoopWorkload();
