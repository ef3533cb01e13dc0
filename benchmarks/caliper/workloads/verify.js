'use strict';

// Evaluates evidence:Verify of digests that are on the ledger, as the court
// auditor. Before the round each worker anchors its own `anchors` digests
// (as the clerk, not measured) and checks that one of them verifies as
// anchored; the round then verifies random ones of them.

const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const { settings, randomDigest, anchorRequest, mustSucceed, resultJSON } = require('./common');

class VerifyWorkload extends WorkloadModuleBase {
    async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
        await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
        this.args = settings(roundArguments, {
            invokerMspId: 'CourtMSP', invokerIdentity: 'auditor',
            anchorMspId: 'CourtMSP', anchorIdentity: 'clerk1',
            anchors: 20,
        });

        this.digests = [];
        for (let i = 0; i < this.args.anchors; i++) {
            this.digests.push(randomDigest());
        }
        const requests = this.digests.map(d => ({
            contractId: this.args.contractId,
            contractFunction: 'evidence:Anchor',
            contractArguments: [anchorRequest(d)],
            invokerMspId: this.args.anchorMspId,
            invokerIdentity: this.args.anchorIdentity,
            readOnly: false,
        }));
        mustSucceed(await this.sutAdapter.sendRequests(requests), `worker ${workerIndex}: anchoring ${requests.length} digests to verify`);

        const probe = mustSucceed(await this.sutAdapter.sendRequests(this._request(this.digests[0])), `worker ${workerIndex}: verifying an anchored digest`);
        const verdict = resultJSON(probe).verdict;
        if (verdict !== 'anchored') {
            throw new Error(`worker ${workerIndex}: a digest just anchored verifies as ${verdict}`);
        }
    }

    _request(digest) {
        return {
            contractId: this.args.contractId,
            contractFunction: 'evidence:Verify',
            contractArguments: ['sha256', digest],
            invokerMspId: this.args.invokerMspId,
            invokerIdentity: this.args.invokerIdentity,
            readOnly: true,
        };
    }

    async submitTransaction() {
        const digest = this.digests[Math.floor(Math.random() * this.digests.length)];
        return this.sutAdapter.sendRequests(this._request(digest));
    }
}

module.exports.createWorkloadModule = () => new VerifyWorkload();
