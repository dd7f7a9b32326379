import { configure } from '@testing-library/react';

// Wait for the thing itself, as long as a busy 2-core machine needs (the default is 1 s).
configure({ asyncUtilTimeout: 15_000 });
