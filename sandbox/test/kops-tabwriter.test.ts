// The Go tabwriter emulation against the exact bytes of cli-contracts.md §2.4 and §2.7.
import t from 'tap'
import { compareRows, renderTable, tabwrite } from '../kops/tabwriter.ts'

t.test('rolling-update dry run table, as the contract prints it', async (t) => {
  const out = renderTable(
    ['NAME', 'STATUS', 'NEEDUPDATE', 'READY', 'MIN', 'TARGET', 'MAX', 'NODES'],
    [
      ['nodes', 'NeedsUpdate', '2', '0', '2', '2', '2', '2'],
      ['master-us-east-1a', 'NeedsUpdate', '1', '0', '1', '1', '1', '1'],
    ],
  )
  t.equal(
    out,
    'NAME\t\t\tSTATUS\t\tNEEDUPDATE\tREADY\tMIN\tTARGET\tMAX\tNODES\n' +
      'master-us-east-1a\tNeedsUpdate\t1\t\t0\t1\t1\t1\t1\n' +
      'nodes\t\t\tNeedsUpdate\t2\t\t0\t2\t2\t2\t2\n',
  )
})

t.test('the all-Ready variant narrows the STATUS column', async (t) => {
  const out = renderTable(['NAME', 'STATUS', 'NEEDUPDATE', 'READY', 'MIN', 'TARGET', 'MAX', 'NODES'], [['nodes', 'Ready', '0', '2', '2', '2', '2', '2']])
  t.equal(out, 'NAME\tSTATUS\tNEEDUPDATE\tREADY\tMIN\tTARGET\tMAX\tNODES\nnodes\tReady\t0\t\t2\t2\t2\t2\t2\n')
  const wide = renderTable(['NAME', 'STATUS', 'NEEDUPDATE', 'READY', 'MIN', 'TARGET', 'MAX', 'NODES'], [['master-us-east-1a', 'Ready', '0', '1', '1', '1', '1', '1'], ['nodes', 'Ready', '0', '2', '2', '2', '2', '2']])
  t.match(wide, /^NAME\t\t\tSTATUS\tNEEDUPDATE\t/)
  t.match(wide, /\nnodes\t\t\tReady\t0\t\t2\t2\t2\t2\t2\n$/)
})

t.test('a 2018 capture without TARGET has the same structure', async (t) => {
  const out = renderTable(['NAME', 'STATUS', 'NEEDUPDATE', 'READY', 'MIN', 'MAX', 'NODES'], [['master-eu-west-1a', 'NeedsUpdate', '1', '0', '1', '1', '1']])
  t.equal(out, 'NAME\t\t\tSTATUS\t\tNEEDUPDATE\tREADY\tMIN\tMAX\tNODES\nmaster-eu-west-1a\tNeedsUpdate\t1\t\t0\t1\t1\t1\n')
})

t.test('validate cluster tables (§2.7)', async (t) => {
  const groups = renderTable(
    ['NAME', 'ROLE', 'MACHINETYPE', 'MIN', 'MAX', 'SUBNETS'],
    [
      ['nodes-us-east-1a', 'Node', 't3.medium', '2', '4', 'us-east-1a'],
      ['master-us-east-1a', 'ControlPlane', 't3.medium', '1', '1', 'us-east-1a'],
    ],
  )
  t.equal(
    groups,
    'NAME\t\t\tROLE\t\tMACHINETYPE\tMIN\tMAX\tSUBNETS\n' +
      'master-us-east-1a\tControlPlane\tt3.medium\t1\t1\tus-east-1a\n' +
      'nodes-us-east-1a\tNode\t\tt3.medium\t2\t4\tus-east-1a\n',
  )
  const nodes = renderTable(['NAME', 'ROLE', 'READY'], [['i-0fedcba9876543210', 'node', 'True'], ['i-0123456789abcdef0', 'control-plane', 'True']])
  t.equal(nodes, 'NAME\t\t\tROLE\t\tREADY\ni-0123456789abcdef0\tcontrol-plane\tTrue\ni-0fedcba9876543210\tnode\t\tTrue\n')
  const failures = renderTable(['KIND', 'NAME', 'MESSAGE'], [['Machine', 'i-0fedcba9876543210', 'machine "i-0fedcba9876543210" has not yet joined cluster']])
  t.equal(failures, 'KIND\tNAME\t\t\tMESSAGE\nMachine\ti-0fedcba9876543210\tmachine "i-0fedcba9876543210" has not yet joined cluster\n')
})

t.test('Go semantics: the last cell never widens a column; blocks end where a line has fewer cells', async (t) => {
  t.equal(tabwrite([['a', 'a-very-long-last-cell'], ['bb', 'c']]), 'a\ta-very-long-last-cell\nbb\tc\n')
  // Column 1 only exists for the first two lines: the third line starts a new block.
  t.equal(tabwrite([['x', 'yyyyyyyyy', 'z'], ['x', 'y', 'z'], ['wwwwwwwwwwww']]), 'x\tyyyyyyyyy\tz\nx\ty\t\tz\nwwwwwwwwwwww\n')
  t.equal(tabwrite([['', 'a']]), '\ta\n', 'an empty cell is padded to the tab stop')
})

t.test('rows sort bytewise, cell by cell', async (t) => {
  t.ok(compareRows(['B'], ['a']) < 0, 'uppercase before lowercase')
  t.ok(compareRows(['a', '2'], ['a', '10']) > 0, 'numbers compare as text')
  t.equal(compareRows(['a'], ['a']), 0)
})
