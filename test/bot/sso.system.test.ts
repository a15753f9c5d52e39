import { BlobClaimStore } from '../../src/storage/blobClaimStore';
import { suiteAzurite } from '../helpers/azurite';
import { useSeedEmulator } from '../helpers/emulatorSuite';
import { expectOneSignInForDuplicateExchanges } from '../helpers/sso';

const suite = useSeedEmulator();
const azurite = suiteAzurite();

describe('Teams single sign-on with claims on Azure Blob storage (Azurite)', () => {
  it('signs in once and answers once when every Teams client sends the exchange at the same moment', () =>
    expectOneSignInForDuplicateExchanges(suite, new BlobClaimStore(azurite.container(`sso-${Date.now()}`))));
});
