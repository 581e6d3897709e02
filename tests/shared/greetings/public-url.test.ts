import { describe, expect, it } from 'vitest';
import { isLocalAddress, workbenchPublicUrl } from '../../../shared/greetings';

describe('the public_url a starting workbench writes', () => {
  it('its own address when none is set, or when another local port is named', () => {
    expect(workbenchPublicUrl('', 'http://localhost:9123')).toBe('http://localhost:9123');
    expect(workbenchPublicUrl('http://localhost:8080', 'http://localhost:9123')).toBe('http://localhost:9123');
    expect(workbenchPublicUrl('http://127.0.0.1:8080/', 'http://localhost:9123')).toBe('http://localhost:9123');
  });
  it('leaves a real public address and its own address alone', () => {
    expect(workbenchPublicUrl('https://fn.example.com', 'http://localhost:9123')).toBeUndefined();
    expect(workbenchPublicUrl('http://localhost:9123/', 'http://localhost:9123')).toBeUndefined();
    expect(workbenchPublicUrl('http://localhost.example.com:8080', 'http://localhost:9123')).toBeUndefined();
  });
  it('knows a loopback address', () => {
    expect(['http://localhost', 'https://127.0.0.1:1/x', 'http://[::1]:8080'].map(isLocalAddress)).toEqual([true, true, true]);
    expect(['http://10.0.0.2:8080', 'ftp://localhost', 'http://localhostx:1'].map(isLocalAddress)).toEqual([false, false, false]);
  });
});
