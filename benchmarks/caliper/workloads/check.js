'use strict';

// Evaluates credit:Check as a bank officer of CreditMSP (so on peer0.credit,
// the credit org's gateway peer): no arguments, the person's resident ID
// number in the transient field "idNumber". Each call checks a new random,
// valid number; such people are never listed, which costs the same reads.

const { WorkloadModuleBase } = require('@hyperledger/caliper-core');
const { settings, residentIDNumber, mustSucceed, resultJSON } = require('./common');

class CheckWorkload extends WorkloadModuleBase {
    async initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext) {
        await super.initializeWorkloadModule(workerIndex, totalWorkers, roundIndex, roundArguments, sutAdapter, sutContext);
        this.args = settings(roundArguments, { invokerMspId: 'CreditMSP', invokerIdentity: 'bank1' });

        // One check before the round, not measured: a wrong role or a refused
        // number fails here rather than as a round of failed transactions.
        const probe = mustSucceed(await this.sutAdapter.sendRequests(this._request()), `worker ${workerIndex}: a credit check`);
        if (typeof resultJSON(probe).listed !== 'boolean') {
            throw new Error(`worker ${workerIndex}: a credit check answered without "listed"`);
        }
    }

    _request() {
        return {
            contractId: this.args.contractId,
            contractFunction: 'credit:Check',
            contractArguments: [],
            // A plain object: the peer gateway connector reads its keys with
            // Object.keys (a Map would send no transient data at all).
            transientMap: { idNumber: Buffer.from(residentIDNumber(), 'utf8') },
            invokerMspId: this.args.invokerMspId,
            invokerIdentity: this.args.invokerIdentity,
            readOnly: true,
        };
    }

    async submitTransaction() {
        return this.sutAdapter.sendRequests(this._request());
    }
}

module.exports.createWorkloadModule = () => new CheckWorkload();
