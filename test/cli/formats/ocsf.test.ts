import { Ajv } from 'ajv';
import { expect } from 'chai';
import type { ClusterFinding } from '../../../src/cli/findings.ts';
import { type OcsfComplianceFinding, renderOcsf } from '../../../src/cli/formats/ocsf.ts';
import { InputError } from '../../../src/errors.ts';
import { ACCOUNT, dnsProblem, finding, s3Problem, WORKGROUP_UUID } from './findingBuilder.ts';
import { OCSF_COMPLIANCE_FINDING_SCHEMA } from './ocsfComplianceFinding.schema.ts';

const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(
  OCSF_COMPLIANCE_FINDING_SCHEMA,
);

const render = (findings: readonly ClusterFinding[]): OcsfComplianceFinding[] =>
  JSON.parse(renderOcsf(findings, { productVersion: '0.1.0' })) as OcsfComplianceFinding[];

const expectValid = (event: unknown): void => {
  const valid = validate(event);
  expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 1)).to.deep.equal([]);
  expect(valid).to.equal(true);
};

const one = (f: ClusterFinding): OcsfComplianceFinding => {
  const [event] = render([f]);
  if (event === undefined) throw new Error('no event rendered');
  return event;
};

describe('renderOcsf', () => {
  const all = [
    finding({ problems: [s3Problem(), dnsProblem()] }),
    finding({ clusterIdentifier: 'bi', complianceType: 'COMPLIANT', summary: 'Enhanced VPC routing is on.' }),
    finding({
      clusterIdentifier: 'legacy',
      complianceType: 'NOT_APPLICABLE',
      exemption: { tagKey: 'evr-exempt', reason: 'vendor appliance' },
      summary: 'Exempt (evr-exempt): vendor appliance.',
    }),
    finding({ clusterIdentifier: 'old-snapshot', accountId: null }),
    finding({
      clusterIdentifier: 'expired',
      ignoredExemption: { tagKey: 'evr-exempt', reason: 'old', until: '2026-01-31', why: 'expired' },
    }),
    finding({ kind: 'workgroup', problems: [s3Problem()] }),
    finding({ kind: 'workgroup', clusterIdentifier: 'old-serverless', accountId: null }),
  ];

  it('renders one Compliance Finding event per cluster and workgroup, each valid against the OCSF 1.1.0 class 2003 schema', () => {
    const events = render(all);
    expect(events).to.have.length(all.length);
    for (const event of events) expectValid(event);
  });

  it('carries an exemption that does not apply in the resource data, and null without one', () => {
    const events = render(all);
    const data = (name: string) => events.find((e) => e.resource.name === name)?.resource.data;
    expect(data('expired')?.ignored_exemption).to.deep.equal({
      tagKey: 'evr-exempt',
      reason: 'old',
      until: '2026-01-31',
      why: 'expired',
    });
    expect(data('legacy')?.ignored_exemption).to.equal(null);
  });

  it('classifies every event as Findings / Compliance Finding: Create, with type_uid = class_uid * 100 + activity_id', () => {
    for (const event of render(all)) {
      expect(event.category_uid).to.equal(2);
      expect(event.class_uid).to.equal(2003);
      expect(event.activity_id).to.equal(1);
      expect(event.type_uid).to.equal(event.class_uid * 100 + event.activity_id);
      expect(event.type_uid).to.equal(200301);
      expect(event.metadata.version).to.equal('1.1.0');
    }
  });

  it('maps the verdict to compliance status Pass (1), Fail (3) and, for NOT_APPLICABLE, Other (99)', () => {
    const status = (f: ClusterFinding) => {
      const { status_id, status } = one(f).compliance;
      return { status_id, status };
    };
    expect(status(finding({ complianceType: 'COMPLIANT' }))).to.deep.equal({ status_id: 1, status: 'Pass' });
    expect(status(finding({ complianceType: 'NON_COMPLIANT' }))).to.deep.equal({ status_id: 3, status: 'Fail' });
    expect(status(finding({ complianceType: 'NOT_APPLICABLE' }))).to.deep.equal({
      status_id: 99,
      status: 'Not Applicable',
    });
  });

  it('rates NON_COMPLIANT Medium (3) and the others Informational (1)', () => {
    const severity = (f: ClusterFinding) => [one(f).severity_id, one(f).severity];
    expect(severity(finding({ complianceType: 'NON_COMPLIANT' }))).to.deep.equal([3, 'Medium']);
    expect(severity(finding({ complianceType: 'COMPLIANT' }))).to.deep.equal([1, 'Informational']);
    expect(severity(finding({ complianceType: 'NOT_APPLICABLE' }))).to.deep.equal([1, 'Informational']);
  });

  it('names the control, its standard, the product and when the facts were read', () => {
    const event = one(finding());
    expect(event.compliance.control).to.equal('Redshift.7');
    expect(event.compliance.standards).to.deep.equal(['AWS Foundational Security Best Practices']);
    expect(event.metadata.product).to.deep.equal({
      name: 'redshift-evr',
      vendor_name: 'redshift-evr',
      version: '0.1.0',
    });
    expect(event.time).to.equal(Date.UTC(2024, 4, 1, 12, 34, 56, 789));
  });

  it('describes the cluster as the resource, in its cloud account, Region and partition', () => {
    const event = one(
      finding({ region: 'cn-north-1', clusterArn: 'arn:aws-cn:redshift:cn-north-1:111122223333:cluster:etl-prod' }),
    );
    expect(event.resource).to.include({
      uid: 'arn:aws-cn:redshift:cn-north-1:111122223333:cluster:etl-prod',
      name: 'etl-prod',
      type: 'AWS::Redshift::Cluster',
      region: 'cn-north-1',
      cloud_partition: 'aws-cn',
    });
    expect(event.cloud).to.deep.equal({
      provider: 'AWS',
      region: 'cn-north-1',
      account: { uid: ACCOUNT, type_id: 10, type: 'AWS Account' },
    });
    expect(event).not.to.have.property('resources');
  });

  it('still renders a cluster whose account is unknown: no account, named resource, Region-based uid', () => {
    const event = one(finding({ accountId: null }));
    expectValid(event);
    expect(event.cloud).not.to.have.property('account');
    expect(event.resource).not.to.have.property('uid');
    expect(event.resource.name).to.equal('etl-prod');
    expect(event.finding_info.uid).to.equal('redshift-evr/Redshift.7/us-east-1/etl-prod');
  });

  it('keeps finding_info.uid stable across runs and distinct across clusters', () => {
    const first = one(finding({ observedAt: '2024-05-01T00:00:00Z' })).finding_info.uid;
    const later = one(finding({ observedAt: '2024-06-01T00:00:00Z', summary: 'changed' })).finding_info.uid;
    const other = one(finding({ clusterIdentifier: 'bi' })).finding_info.uid;
    expect(first).to.equal('redshift-evr/Redshift.7/arn:aws:redshift:us-east-1:111122223333:cluster:etl-prod');
    expect(later).to.equal(first);
    expect(other).not.to.equal(first);
  });

  it('puts every problem and its fix, then turning enhanced VPC routing on, into the remediation', () => {
    const event = one(finding({ problems: [s3Problem(), dnsProblem()] }));
    expect(event.remediation?.desc).to.equal(
      'No S3 route from subnet-080920d8507931d25 (route table rtb-07b18a3d1c1538455). Fix: add an S3 gateway endpoint to rtb-07b18a3d1c1538455 | ' +
        'VPC vpc-0ef9de29795b18aee has DNS hostnames off (enableDnsHostnames). Fix: enable it (aws ec2 modify-vpc-attribute --vpc-id vpc-0ef9de29795b18aee --enable-dns-hostnames) | ' +
        'Then turn on enhanced VPC routing: redshift-evr remediate --cluster etl-prod (checks the prerequisites first), or aws redshift modify-cluster --cluster-identifier etl-prod --enhanced-vpc-routing (the cluster restarts).',
    );
    expect(event.finding_info.desc).to.include('Problems: No S3 route from subnet-080920d8507931d25');
  });

  describe('a Redshift Serverless workgroup', () => {
    const arn = `arn:aws:redshift-serverless:us-east-1:${ACCOUNT}:workgroup/${WORKGROUP_UUID}`;

    it('answers RedshiftServerless.1, rated High (4) when it fails, under the same standard', () => {
      const event = one(finding({ kind: 'workgroup' }));
      expectValid(event);
      expect(event.compliance).to.include({ control: 'RedshiftServerless.1', status_id: 3, status: 'Fail' });
      expect(event.compliance.standards).to.deep.equal(['AWS Foundational Security Best Practices']);
      expect([event.severity_id, event.severity]).to.deep.equal([4, 'High']);
      expect(event.finding_info).to.include({
        uid: `redshift-evr/RedshiftServerless.1/${arn}`,
        title:
          'RedshiftServerless.1 Amazon Redshift Serverless workgroups should use enhanced VPC routing: analytics-serverless',
      });
      const passed = one(finding({ kind: 'workgroup', complianceType: 'COMPLIANT' }));
      expect([passed.severity_id, passed.severity]).to.deep.equal([1, 'Informational']);
    });

    it('describes the workgroup as the resource: its ARN, Config resource type and kind', () => {
      const { resource } = one(finding({ kind: 'workgroup' }));
      expect(resource).to.include({
        uid: arn,
        name: 'analytics-serverless',
        type: 'AWS::RedshiftServerless::Workgroup',
        region: 'us-east-1',
        cloud_partition: 'aws',
      });
      expect(resource.data).to.include({ kind: 'workgroup', cluster_status: 'AVAILABLE' });
      expect(one(finding()).resource.data).to.include({ kind: 'cluster' });
    });

    it('never builds a workgroup ARN (it ends in a UUID), even when the account is known', () => {
      const event = one(finding({ kind: 'workgroup', clusterArn: null }));
      expectValid(event);
      expect(event.resource).not.to.have.property('uid');
      expect(event.cloud.account?.uid).to.equal(ACCOUNT);
      expect(event.finding_info.uid).to.equal('redshift-evr/RedshiftServerless.1/us-east-1/analytics-serverless');
    });

    it('turns enhanced VPC routing on with the workgroup commands, linking the RedshiftServerless.1 page', () => {
      const event = one(finding({ kind: 'workgroup' }));
      expect(event.remediation).to.deep.equal({
        desc: 'Turn on enhanced VPC routing: redshift-evr remediate --workgroup analytics-serverless (checks the prerequisites first), or aws redshift-serverless update-workgroup --workgroup-name analytics-serverless --enhanced-vpc-routing.',
        references: [
          'https://docs.aws.amazon.com/securityhub/latest/userguide/redshiftserverless-controls.html#redshiftserverless-1',
        ],
      });
    });

    it('names the workgroup when its observedAt is not a time', () => {
      expect(() => renderOcsf([finding({ kind: 'workgroup', observedAt: 'yesterday' })], { productVersion: '0.1.0' }))
        .to.throw(InputError)
        .with.property('message')
        .that.matches(/^Workgroup analytics-serverless: observedAt "yesterday"/);
    });
  });

  it('has no remediation when there is nothing to do', () => {
    expect(one(finding({ complianceType: 'COMPLIANT' }))).not.to.have.property('remediation');
    expect(one(finding({ complianceType: 'NOT_APPLICABLE' }))).not.to.have.property('remediation');
  });

  it('refuses an observedAt that is not an ISO 8601 time with a zone, naming the cluster', () => {
    for (const observedAt of ['yesterday', '2024-05-01 12:00', '2024-05-01T12:00:00', '']) {
      expect(() => renderOcsf([finding({ observedAt })], { productVersion: '0.1.0' }))
        .to.throw(InputError, /etl-prod/)
        .with.property('message')
        .that.includes('ISO 8601');
    }
  });

  it('has a schema that rejects what OCSF 1.1.0 rejects (so the validity checks above can fail)', () => {
    const event = one(finding());
    const broken: Record<string, unknown>[] = [
      { ...event, resources: [event.resource] }, // not an attribute of Compliance Finding before 1.3.0
      { ...event, compliance: { control: 'Redshift.7' } }, // standards is required
      { ...event, compliance: { ...event.compliance, status_id: 4 } }, // not in the enum
      { ...event, class_uid: 2001 },
      { ...event, finding_info: { title: 'no uid' } },
      { ...event, metadata: { version: '1.1.0', product: { name: 'no vendor' } } },
      { ...event, cloud: { region: 'us-east-1' } }, // cloud profile: provider is required
    ];
    for (const candidate of broken) expect(validate(candidate), JSON.stringify(candidate)).to.equal(false);
  });
});
