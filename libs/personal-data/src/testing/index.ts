export { keyStoreContract, type KeyStoreUnderTest } from './key-store.contract';
export { personalDataContract, type PersonalDataContractFactory } from './personal-data.contract';
