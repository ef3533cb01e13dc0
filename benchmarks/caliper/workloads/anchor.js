'use strict';

// Submits evidence:Anchor of a fresh random SHA-256 digest each call, as a
// court clerk.

const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const { settings, randomDigest, anchorRequest } = require('./common');

class AnchorWorkload extends WorkloadModuleBase {
    async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
        await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
        this.args = settings(roundArguments, { invokerMspId: 'CourtMSP', invokerIdentity: 'clerk1' });
    }

    async submitTransaction() {
        return this.sutAdapter.sendRequests({
            contractId: this.args.contractId,
            contractFunction: 'evidence:Anchor',
            contractArguments: [anchorRequest(randomDigest())],
            invokerMspId: this.args.invokerMspId,
            invokerIdentity: this.args.invokerIdentity,
            readOnly: false,
        });
    }
}

module.exports.createWorkloadModule = () => new AnchorWorkload();
